import type { TraceHeader } from "../api/types";
import { Section } from "../components/Section";
import { PayloadSections } from "../observation/PayloadSections";
import { useFieldDownload } from "../observation/useFieldDownload";
import { usePayloads } from "../observation/usePayloads";
import { AddScoreForm } from "../scores/AddScoreForm";
import { TraceEvaluations } from "./TraceEvaluations";

/** The trace's own input, output and metadata (shown while no observation is selected);
 * a large field shows the list's one-line preview and a download. */
export function TracePanel({ projectId, traceId, trace }: { projectId: string; traceId: string; trace: TraceHeader | null }) {
  const payloads = usePayloads("trace", traceId, trace);
  const download = useFieldDownload("traces", traceId);
  return (
    <aside className="panel" aria-label="Trace">
      <p className="muted small">Select an observation (click, or j/k) to see it here; Esc goes back.</p>
      {trace && (
        <PayloadSections
          sizes={trace}
          heads={{ input: trace.inputPreview, output: trace.outputPreview }}
          payloads={payloads}
          download={download}
          titlePrefix="Trace"
        />
      )}
      <Section title="Evaluations">
        <TraceEvaluations projectId={projectId} traceId={traceId} />
      </Section>
      <Section title="Add a score">
        <AddScoreForm target={{ traceId }} label="Score this trace" />
      </Section>
    </aside>
  );
}
