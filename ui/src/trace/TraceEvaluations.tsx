import { useQuery } from "urql";
import { Link } from "wouter";
import { errorMessage } from "../api/client";
import { TRACE_EVALUATION_PANEL, outcomeLabel } from "../api/evaluators";
import { formatScore } from "../evaluators/format";
import { paths } from "../routes";

/** What each evaluator made of this trace and its observations (`Trace.evaluations`):
 * scored with its value, or why not — filtered out, sampled out, mapping missing, failed. */
export function TraceEvaluations({ projectId, traceId }: { projectId: string; traceId: string }) {
  const [{ data, error, fetching }] = useQuery({ query: TRACE_EVALUATION_PANEL, variables: { id: traceId } });
  if (error) return <p className="form-error" role="alert">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="muted small">Loading…</p>;
  const evaluations = data?.trace?.evaluations ?? [];
  if (evaluations.length === 0) return <p className="muted small">No evaluator has looked at this trace.</p>;
  return (
    <table className="kv" aria-label="Evaluations">
      <tbody>
        {evaluations.map((evaluation) => (
          <tr key={`${evaluation.evaluatorId}:${evaluation.subject}`} className={`outcome-${evaluation.outcome}`}>
            <th>
              <Link href={paths.evaluator(projectId, evaluation.evaluatorId)}>{evaluation.evaluatorName ?? evaluation.evaluatorId}</Link>
              {evaluation.observationId && <span className="muted small"> · {evaluation.observationId}</span>}
            </th>
            <td>
              {outcomeLabel(evaluation.outcome)}
              {evaluation.outcome === "scored" && ` ${formatScore(evaluation.scoreValue)}`}
            </td>
            <td className="muted small">{evaluation.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
