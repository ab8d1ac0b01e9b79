import { useQuery } from "urql";
import { Link } from "wouter";
import { errorMessage } from "../api/client";
import { DATASET_RUNS_COMPARED } from "../api/datasets";
import { formatCost, formatSeconds } from "../lib/format";
import { previewText } from "../lib/preview";
import { paths } from "../routes";
import { bestRun, formatScore, scoreNames } from "./compare";

/** Runs side by side: their totals on top, then per item the input, what was expected,
 * and each run's output, latency, cost and scores (the best score of an item marked). */
export function RunComparison({ projectId, datasetId, runIds }: { projectId: string; datasetId: string; runIds: string[] }) {
  const [{ data, fetching, error }] = useQuery({ query: DATASET_RUNS_COMPARED, variables: { datasetId, runIds } });
  if (error) return <p className="form-error" role="alert">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="muted">Comparing…</p>;
  if (!data) return null;
  const { runs, items } = data.datasetRunComparison;
  const names = scoreNames(items);
  return (
    <div className="comparison-scroll">
      <table className="kv comparison" aria-label="Run comparison">
        <thead>
          <tr>
            <th>Item</th>
            {runs.map((run) => (
              <th key={run.id} className="run-head">
                {run.name}
                <div className="muted small">
                  latency {formatSeconds(run.summary?.averageLatency)} · cost {formatCost(run.summary?.totalCost)}
                  {run.summary?.scores.map((score) => (
                    <span key={score.name}>
                      {" "}
                      · {score.name} {formatScore(score.average)}
                    </span>
                  ))}
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item, index) => (
            <tr key={item.datasetItemId ?? index}>
              <td className="item-cell">
                <div>
                  <b>Input</b> <span className="preview">{previewText(item.input)}</span>
                </div>
                <div>
                  <b>Expected</b> <span className="preview">{previewText(item.expectedOutput) || "–"}</span>
                </div>
              </td>
              {runs.map((run) => {
                const result = item.results.find((r) => r.runId === run.id);
                if (!result) return <td key={run.id} className="muted">not run</td>;
                return (
                  <td key={run.id} className="result-cell" data-run={run.name}>
                    <div className="preview">{previewText(result.output) || "–"}</div>
                    <div className="muted small">
                      {formatSeconds(result.latency)} · {formatCost(result.totalCost)} ·{" "}
                      <Link href={paths.trace(projectId, result.traceId, result.observationId)}>trace</Link>
                    </div>
                    <div className="chips">
                      {names
                        .filter((name) => name in result.scores)
                        .map((name) => (
                          <span key={name} className={`chip${bestRun(item, name) === run.id ? " best" : ""}`}>
                            {name}: {formatScore(result.scores[name])}
                          </span>
                        ))}
                    </div>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
