import type { AgentRunTrace } from "../api/agents";
import { Section } from "../components/Section";
import { formatCost, formatCount, formatSeconds, formatTime } from "../lib/format";

/** The commits the run is linked to and the CI runs that collected it. */
export function RunRecords({ trace }: { trace: AgentRunTrace }) {
  return (
    <>
      <Section title={`Git commits (${trace.gitLinks.length})`}>
        {trace.gitLinks.length === 0 ? (
          <p className="muted">No commit is linked to this run.</p>
        ) : (
          <table className="kv" aria-label="Git commits">
            <thead>
              <tr>
                <th>Commit</th>
                <th>Message</th>
                <th>Branch</th>
                <th>Link</th>
                <th>Author</th>
                <th>When</th>
                <th className="num">Files</th>
                <th className="num">+/−</th>
              </tr>
            </thead>
            <tbody>
              {trace.gitLinks.map((link) => (
                <tr key={link.id}>
                  <td>
                    <code title={link.parentSha ? `parent ${link.parentSha}` : undefined}>{link.commitSha.slice(0, 10)}</code>
                  </td>
                  <td>{link.commitMessage ?? "–"}</td>
                  <td>{link.branch ?? "–"}</td>
                  <td>{link.linkType}</td>
                  <td>{link.commitAuthor ?? "–"}</td>
                  <td>{formatTime(link.commitTimestamp)}</td>
                  <td className="num">{formatCount(link.filesChangedCount)}</td>
                  <td className="num">
                    +{link.additions} −{link.deletions}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={`CI runs (${trace.ciRuns.length})`}>
        {trace.ciRuns.length === 0 ? (
          <p className="muted">No CI run collected this trace.</p>
        ) : (
          <table className="kv" aria-label="CI runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Workflow</th>
                <th>Status</th>
                <th>Branch</th>
                <th>Started</th>
                <th className="num">Duration</th>
                <th className="num">Traces</th>
                <th className="num">Errors</th>
                <th className="num">Cost</th>
              </tr>
            </thead>
            <tbody>
              {trace.ciRuns.map((run) => (
                <tr key={run.id}>
                  <td>
                    {run.providerRunUrl ? (
                      <a href={run.providerRunUrl} rel="noreferrer noopener" target="_blank">
                        {run.provider} #{run.providerRunId}
                      </a>
                    ) : (
                      `${run.provider} #${run.providerRunId}`
                    )}
                  </td>
                  <td>{[run.workflowName, run.jobName].filter(Boolean).join(" / ") || "–"}</td>
                  <td>
                    <span className={`badge ci-${run.status}`}>{run.status}</span>
                    {run.conclusion && <span className="muted"> {run.conclusion}</span>}
                  </td>
                  <td>{run.gitBranch ?? "–"}</td>
                  <td>{formatTime(run.startedAt)}</td>
                  <td className="num">{formatSeconds(run.durationMs === null ? null : run.durationMs / 1000)}</td>
                  <td className="num">{formatCount(run.traceCount)}</td>
                  <td className="num">{formatCount(run.errorCount)}</td>
                  <td className="num">{formatCost(run.totalCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
