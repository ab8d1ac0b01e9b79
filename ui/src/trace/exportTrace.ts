import type { Client } from "@urql/core";
import { EXPORT_PAGE, OBSERVATIONS_FULL } from "../api/observations";
import { fetchConnection } from "../api/pages";
import { TRACE_HEADER, TRACE_IO } from "../api/traces";
import { errorMessage } from "../api/client";
import type { Page } from "../lists/usePages";

/** A trace with its input, output, metadata, scores and every observation in full. */
export async function exportTrace(
  client: Client,
  traceId: string,
  onProgress: (loaded: number) => void,
): Promise<Record<string, unknown>> {
  const [header, io] = await Promise.all([
    client.query(TRACE_HEADER, { id: traceId }).toPromise(),
    client
      .query(TRACE_IO, { id: traceId, withInput: true, withOutput: true, withMetadata: true }, { requestPolicy: "network-only" })
      .toPromise(),
  ]);
  if (!header.data?.trace || !io.data?.trace) throw new Error(errorMessage(header.error ?? io.error) || "Not found");
  const { scores: _own, allScores: scores, agentRecords: _agent, ...trace } = header.data.trace;
  const observations: unknown[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<unknown> = await fetchConnection(
      client,
      OBSERVATIONS_FULL,
      { traceId, first: EXPORT_PAGE, after },
      (data) => data.trace?.observations,
    );
    observations.push(...page.nodes);
    onProgress(observations.length);
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  return { trace: { ...trace, ...io.data.trace }, observations, scores };
}
