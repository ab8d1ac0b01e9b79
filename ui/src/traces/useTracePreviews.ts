import { useEffect, useRef, useState } from "react";
import { useClient } from "urql";
import { TRACE_PREVIEWS, type TracePreview } from "../api/traces";
import type { TraceRow } from "../api/types";

const CHUNK = 50;

/**
 * Input and output of the listed traces, asked for after their rows are shown (so the list
 * never waits for large payloads), once per trace.
 */
export function useTracePreviews(rows: TraceRow[], enabled: boolean): ReadonlyMap<string, TracePreview> {
  const client = useClient();
  const [previews, setPreviews] = useState<ReadonlyMap<string, TracePreview>>(new Map());
  const asked = useRef(new Set<string>());

  useEffect(() => {
    if (!enabled) return;
    const missing = rows.map((row) => row.id).filter((id) => !asked.current.has(id));
    for (const id of missing) asked.current.add(id);
    for (let start = 0; start < missing.length; start += CHUNK) {
      const ids = missing.slice(start, start + CHUNK);
      void client
        .query(TRACE_PREVIEWS, { ids, first: ids.length })
        .toPromise()
        .then((result) => {
          const found = result.data?.traces.nodes ?? [];
          setPreviews((previous) => {
            const next = new Map(previous);
            // Traces the answer lacks (deleted meanwhile, or an error) show an empty preview.
            for (const id of ids) next.set(id, { id, input: null, output: null });
            for (const preview of found) next.set(preview.id, preview);
            return next;
          });
        });
    }
  }, [rows, enabled, client]);

  return previews;
}
