import { useCallback, useMemo } from "react";
import { useQuery } from "urql";
import { Link, useLocation, useSearchParams } from "wouter";
import { AGENT_RUN_VIEW, CHECKPOINT_DIFF, type AgentRunTrace, type ReplayEvent } from "../api/agents";
import { errorMessage } from "../api/client";
import { LevelBadge } from "../components/LevelBadge";
import { Section } from "../components/Section";
import { VirtualTable, type Column } from "../lists/VirtualTable";
import { formatCost, formatCount, formatSeconds, formatTime, formatTokens, plural } from "../lib/format";
import { useKeys } from "../lib/useKeys";
import { ObservationPanel } from "../observation/ObservationPanel";
import { paths } from "../routes";
import { BranchTimeline } from "./BranchTimeline";
import { CheckpointDiffView } from "./DiffView";
import { RunRecords } from "./RunRecords";
import { StepDetail } from "./StepDetail";
import { formatOffset, offsetMs, previousCheckpoint, STEP_KINDS, stepKind, type StepKind } from "./steps";

/** `/project/{id}/traces/{traceId}/agent`: a coding-agent run replayed step by step, its
 * checkpoints and their diffs, the commits and CI runs it belongs to, and its branch's
 * per-commit cost and latency with the regressions marked. */
export function AgentRunPage({ projectId, traceId }: { projectId: string; traceId: string }) {
  const [search, setSearch] = useSearchParams();
  const [{ data, fetching, error }] = useQuery({ query: AGENT_RUN_VIEW, variables: { traceId } });
  const hidden = useMemo(() => new Set((search.get("hide") ?? "").split(",").filter(Boolean)), [search]);
  const setParams = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(search);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      setSearch(next);
    },
    [search, setSearch],
  );

  const trace = data?.trace ?? null;
  const events = useMemo(() => data?.replay.events ?? [], [data]);
  const start = events[0]?.timestamp;
  const shown = useMemo(() => events.filter((event) => !hidden.has(stepKind(event))), [events, hidden]);
  const stepId = search.get("step");
  const step = events.find((event) => event.id === stepId) ?? null;
  const columns = useMemo(() => stepColumns(start), [start]);
  const [, navigate] = useLocation();
  // Esc closes the step, then goes back to the trace (as the trace page goes back to the list).
  useKeys({ Escape: () => (stepId ? setParams({ step: null }) : navigate(paths.trace(projectId, traceId))) });

  if (error) return <p className="page form-error" role="alert">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="page muted">Loading the run…</p>;
  if (!trace || !data) return <p className="page">No trace {traceId} in this project.</p>;
  const summary = data.replay.summary;
  const counts = new Map<StepKind, number>();
  for (const event of events) counts.set(stepKind(event), (counts.get(stepKind(event)) ?? 0) + 1);
  const toggle = (kind: StepKind) => {
    const next = new Set(hidden);
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    setParams({ hide: [...next].join(",") || null });
  };
  const checkpointId = search.get("checkpoint");
  const againstId =
    search.get("against") ?? (checkpointId ? previousCheckpoint(trace.checkpoints, checkpointId)?.id ?? null : null);
  const branch = trace.gitBranch ?? trace.gitLinks.find((link) => link.branch)?.branch ?? null;
  const repoUrl = trace.gitRepoUrl ?? trace.gitLinks.find((link) => link.repoUrl)?.repoUrl ?? null;

  return (
    <div className="page agent-page">
      <header className="trace-head">
        <div className="trace-title">
          <Link href={paths.trace(projectId, traceId)} className="muted">
            ← Trace
          </Link>
          <h1>Agent run · {trace.name ?? trace.id}</h1>
          <LevelBadge level={trace.level} />
        </div>
        <div className="facts" aria-label="Run summary">
          <span>{formatTime(trace.timestamp)}</span>
          <span>duration {formatSeconds(summary.durationMs === null ? null : summary.durationMs / 1000)}</span>
          <span>cost {formatCost(summary.totalCost)}</span>
          <span>tokens {formatTokens(summary.totalTokens || null)}</span>
          <span>{plural(summary.llmCalls, "LLM call")}</span>
          <span>{plural(summary.toolCalls, "tool call")}</span>
          <span>
            {plural(summary.fileOperations, "file edit")} ({plural(summary.filesTouched.length, "file")})
          </span>
          <span>
            {plural(summary.commandsRun, "command")}
            {summary.commandsFailed > 0 && <> <b className="level-error badge">{summary.commandsFailed} failed</b></>}
          </span>
          <span>{plural(summary.checkpoints, "checkpoint")}</span>
          <span>{plural(summary.commits.length, "commit")}</span>
          {summary.errors > 0 && <span className="badge level-error">{plural(summary.errors, "error")}</span>}
          {trace.sessionId && (
            <span>
              session <Link href={paths.session(projectId, trace.sessionId)}>{trace.sessionId}</Link>
            </span>
          )}
        </div>
      </header>

      <div className="agent-body">
        <section className="agent-timeline" aria-label="Replay">
          <div className="toolbar">
            <h2>Replay</h2>
            <span className="muted">{plural(events.length, "step")}</span>
          </div>
          <fieldset className="kind-filter" aria-label="Step kinds">
            {STEP_KINDS.filter(({ kind }) => counts.has(kind)).map(({ kind, label }) => (
              <label key={kind} className={`kind kind-${kind}`}>
                <input type="checkbox" checked={!hidden.has(kind)} onChange={() => toggle(kind)} /> {label} ({counts.get(kind)})
              </label>
            ))}
          </fieldset>
          <VirtualTable
            label="Steps"
            rows={shown}
            columns={columns}
            rowKey={(event) => event.id}
            onOpen={(event) => setParams({ step: event.id })}
            hasMore={false}
            loading={false}
            onEndReached={() => undefined}
            empty="No steps recorded for this run."
          />
        </section>
        <aside className="panel agent-step" aria-label="Step">
          {step ? (
            step.source === "observation" ? (
              <ObservationPanel id={step.id} onClose={() => setParams({ step: null })} />
            ) : (
              <StepDetail
                step={step}
                onClose={() => setParams({ step: null })}
                onDiff={(id) => setParams({ checkpoint: id, against: null })}
              />
            )
          ) : (
            <p className="muted">Select a step to see what it did: a file edit's diff, a command's output, an LLM call's messages.</p>
          )}
        </aside>
      </div>

      <Section title={`Checkpoints (${trace.checkpoints.length})`}>
        <CheckpointSection
          trace={trace}
          checkpointId={checkpointId}
          againstId={againstId}
          onPick={(checkpoint, against) => setParams({ checkpoint, against })}
        />
      </Section>
      <RunRecords trace={trace} />
      <Section title={branch ? `Branch ${branch}: cost and latency per commit` : "Commits: cost and latency"}>
        <BranchTimeline projectId={projectId} traceId={traceId} branch={branch} repoUrl={repoUrl} current={summary.commits} />
      </Section>
    </div>
  );
}

function stepColumns(start: string | undefined): Column<ReplayEvent>[] {
  return [
    { id: "at", label: "At", width: "90px", align: "right", render: (event) => formatOffset(offsetMs(event, start)) },
    {
      id: "kind",
      label: "Kind",
      width: "110px",
      render: (event) => <span className={`type kind-${stepKind(event)}`}>{STEP_KINDS.find((k) => k.kind === stepKind(event))?.label.replace(/s$/, "")}</span>,
    },
    { id: "title", label: "Step", width: "minmax(200px, 1fr)", render: (event) => <span title={event.title}>{event.title}</span> },
    {
      id: "duration",
      label: "Duration",
      width: "80px",
      align: "right",
      render: (event) => formatSeconds(event.durationMs === null ? null : event.durationMs / 1000),
    },
    {
      id: "status",
      label: "Status",
      width: "80px",
      render: (event) => (event.status === "error" ? <span className="badge level-error">error</span> : event.status),
    },
  ];
}

/** The run's checkpoints, oldest first, and the diff of the chosen pair. */
function CheckpointSection({
  trace,
  checkpointId,
  againstId,
  onPick,
}: {
  trace: AgentRunTrace;
  checkpointId: string | null;
  againstId: string | null;
  onPick(checkpoint: string, against: string | null): void;
}) {
  const ordered = [...trace.checkpoints].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const pause = !checkpointId || !againstId;
  const [{ data, fetching, error }] = useQuery({
    query: CHECKPOINT_DIFF,
    variables: { checkpointId: checkpointId ?? "", againstId: againstId ?? "" },
    pause,
  });
  if (ordered.length === 0) return <p className="muted">This run took no checkpoint.</p>;
  return (
    <>
      <table className="kv checkpoints">
        <thead>
          <tr>
            <th>Checkpoint</th>
            <th>Type</th>
            <th>Taken</th>
            <th className="num">Files</th>
            <th>Commit</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {ordered.map((checkpoint, index) => (
            <tr key={checkpoint.id} aria-selected={checkpoint.id === checkpointId}>
              <td>{checkpoint.name}</td>
              <td>{checkpoint.type}</td>
              <td>{formatTime(checkpoint.createdAt)}</td>
              <td className="num">
                {formatCount(checkpoint.totalFiles)}
                {checkpoint.storedFiles < checkpoint.totalFiles && <span className="muted"> ({checkpoint.storedFiles} stored)</span>}
              </td>
              <td>{checkpoint.gitCommitSha ? <code>{checkpoint.gitCommitSha.slice(0, 10)}</code> : "–"}</td>
              <td>
                {index > 0 && (
                  <button type="button" onClick={() => onPick(checkpoint.id, ordered[index - 1]!.id)}>
                    Diff with “{ordered[index - 1]!.name}”
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {checkpointId && !againstId && <p className="muted">The first checkpoint has nothing before it to compare with.</p>}
      {checkpointId && againstId && (
        <div className="diff-pick">
          <label>
            From{" "}
            <select aria-label="Compare from" value={againstId} onChange={(event) => onPick(checkpointId, event.target.value)}>
              {ordered.filter((c) => c.id !== checkpointId).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>{" "}
          <label>
            to{" "}
            <select aria-label="Compare to" value={checkpointId} onChange={(event) => onPick(event.target.value, againstId)}>
              {ordered.filter((c) => c.id !== againstId).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {error && <p className="form-error" role="alert">{errorMessage(error)}</p>}
      {fetching && <p className="muted">Comparing…</p>}
      {data && !pause && <CheckpointDiffView diff={data.checkpointDiff} />}
    </>
  );
}
