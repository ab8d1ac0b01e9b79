import { useMemo } from "react";
import { useClient } from "urql";
import { BRANCH_TIMELINE } from "../api/agents";
import { fetchConnection } from "../api/pages";
import { usePages } from "../lists/usePages";
import { Link } from "wouter";
import { paths } from "../routes";
import { formatCost, formatCount, formatSeconds, formatTime } from "../lib/format";
import { CommitChart } from "./CommitChart";
import { commitPoints } from "./steps";

const COMMITS = 50;

/** The branch's last commits, oldest to newest, 50 at a time (older ones on request):
 * cost per trace and mean latency, the regressions the server found marked red;
 * `current` holds the run's own commits. */
export function BranchTimeline({
  projectId,
  traceId,
  branch,
  repoUrl,
  current,
}: {
  projectId: string;
  /** The run whose page this is: every other commit's run compares with it. */
  traceId: string;
  branch: string | null;
  repoUrl: string | null;
  current: string[];
}) {
  const client = useClient();
  const pages = usePages(`${branch}|${repoUrl}`, (after) =>
    fetchConnection(client, BRANCH_TIMELINE, { branch, repoUrl, first: COMMITS, after }, (data) => data.gitTimeline),
  );
  const commits = pages.nodes;
  const points = useMemo(() => commitPoints(commits), [commits]);
  if (pages.error) return <p className="form-error" role="alert">{pages.error}</p>;
  if (pages.loading && commits.length === 0) return <p className="muted">Loading the commits…</p>;
  if (commits.length === 0) return <p className="muted">No commit of this branch is linked to a trace yet.</p>;
  return (
    <div className="branch-timeline">
      <div className="charts">
        <CommitChart title="Cost per trace" points={points} metric="cost" value={(p) => p.costPerTrace} format={formatCost} />
        <CommitChart title="Mean latency" points={points} metric="latency" value={(p) => p.latency} format={formatSeconds} />
      </div>
      <table className="kv" aria-label="Commits">
        <thead>
          <tr>
            <th>Commit</th>
            <th>Message</th>
            <th>When</th>
            <th className="num">Traces</th>
            <th className="num">Cost</th>
            <th className="num">Latency</th>
            <th className="num">Errors</th>
            <th>Regressions</th>
            <th>Compare</th>
          </tr>
        </thead>
        <tbody>
          {commits.map((commit) => (
            <tr key={commit.commitSha} className={commit.regressions.length ? "regressed" : undefined}>
              <td>
                <code>{commit.commitSha.slice(0, 10)}</code>
                {current.includes(commit.commitSha) && <span className="chip">this run</span>}
              </td>
              <td>{commit.commitMessage ?? "–"}</td>
              <td>{formatTime(commit.commitTime)}</td>
              <td className="num">{formatCount(commit.traceCount)}</td>
              <td className="num">{formatCost(commit.totalCost)}</td>
              <td className="num">{formatSeconds(commit.avgLatency)}</td>
              <td className="num">{formatCount(commit.errorCount)}</td>
              <td>
                {commit.regressions.length === 0
                  ? "–"
                  : commit.regressions.map((name) => (
                      <span key={name} className="badge level-error regression-badge">
                        {name.startsWith("score:") ? `${name} ↓` : `${name} ↑`}
                      </span>
                    ))}
              </td>
              <td>
                {commit.traces
                  .filter((trace) => trace.id !== traceId)
                  .slice(0, 1)
                  .map((trace) => (
                    <Link key={trace.id} href={paths.agentCompare(projectId, trace.id, traceId)} title={`${trace.id} → ${traceId}`}>
                      with this run
                    </Link>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages.hasMore && (
        <button type="button" onClick={pages.loadMore} disabled={pages.loading}>
          {pages.loading ? "Loading…" : "Show older commits"}
        </button>
      )}
    </div>
  );
}
