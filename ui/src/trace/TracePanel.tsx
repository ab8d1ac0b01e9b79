import type { TraceHeader } from "../api/types";
import { Section } from "../components/Section";
import { IoView } from "../observation/IoView";
import { MetadataView } from "../observation/MetadataView";
import { useFieldDownload } from "../observation/useFieldDownload";
import { usePayloads } from "../observation/usePayloads";
import { AddScoreForm } from "../scores/AddScoreForm";

/** The trace's own input, output and metadata (shown while no observation is selected);
 * a large field shows the list's one-line preview and a download. */
export function TracePanel({ traceId, trace }: { traceId: string; trace: TraceHeader | null }) {
  const payloads = usePayloads("trace", traceId, trace);
  const download = useFieldDownload("traces", traceId);
  const { values } = payloads;
  return (
    <aside className="panel" aria-label="Trace">
      <p className="muted small">Select an observation (click, or j/k) to see it here; Esc goes back.</p>
      {payloads.error && <p className="form-error">{payloads.error}</p>}
      {trace && (
        <>
          <Section title="Trace input">
            <IoView
              value={values.input}
              bytes={trace.inputBytes}
              head={trace.inputPreview}
              loading={payloads.fetching}
              role="user"
              download={() => download("input")}
            />
          </Section>
          <Section title="Trace output">
            <IoView
              value={values.output}
              bytes={trace.outputBytes}
              head={trace.outputPreview}
              loading={payloads.fetching}
              role="assistant"
              download={() => download("output")}
            />
          </Section>
          <Section title="Metadata">
            <MetadataView value={values.metadata} bytes={trace.metadataBytes} download={() => download("metadata")} />
          </Section>
        </>
      )}
      <Section title="Add a score">
        <AddScoreForm target={{ traceId }} label="Score this trace" />
      </Section>
    </aside>
  );
}
