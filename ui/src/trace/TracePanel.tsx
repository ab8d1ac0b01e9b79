import { useQuery } from "urql";
import { errorMessage } from "../api/client";
import { TRACE_IO } from "../api/traces";
import { Section } from "../components/Section";
import { IoView } from "../observation/IoView";
import { KeyValues } from "../observation/KeyValues";
import { AddScoreForm } from "../scores/AddScoreForm";

/** The trace's own input, output and metadata (shown while no observation is selected). */
export function TracePanel({ traceId }: { traceId: string }) {
  const [{ data, error }] = useQuery({ query: TRACE_IO, variables: { id: traceId } });
  const trace = data?.trace;
  return (
    <aside className="panel" aria-label="Trace">
      <p className="muted small">Select an observation (click, or j/k) to see it here; Esc goes back.</p>
      {error && <p className="form-error">{errorMessage(error)}</p>}
      {trace && (
        <>
          <Section title="Trace input">
            <IoView value={trace.input} role="user" filename={`trace-${traceId}-input.json`} />
          </Section>
          <Section title="Trace output">
            <IoView value={trace.output} role="assistant" filename={`trace-${traceId}-output.json`} />
          </Section>
          <Section title="Metadata">
            <KeyValues value={trace.metadata} empty="None." />
          </Section>
        </>
      )}
      <Section title="Add a score">
        <AddScoreForm target={{ traceId }} label="Score this trace" />
      </Section>
    </aside>
  );
}
