import { useClient, useQuery } from "urql";
import { Link, useLocation, useSearchParams } from "wouter";
import { errorMessage } from "../api/client";
import {
  EVALUATOR_JOBS,
  EVALUATOR_VIEW,
  JOB_STATUSES,
  OUTCOMES,
  outcomeLabel,
  type EvaluationJobRow,
  type EvaluatorView,
} from "../api/evaluators";
import { fetchConnection } from "../api/pages";
import { Section } from "../components/Section";
import { formatCost, formatSeconds, formatTime, plural, secondsBetween } from "../lib/format";
import { usePages } from "../lists/usePages";
import { VirtualTable, type Column } from "../lists/VirtualTable";
import { JsonView } from "../observation/JsonView";
import { paths } from "../routes";
import { formatScore, statusText } from "./format";

const PAGE_SIZE = 50;

/** What each outcome means, so a count of zero scores says where the subjects went. */
const OUTCOME_MEANING: Record<string, string> = {
  scored: "its job wrote a score",
  failed: "its job failed after its retries (the last error is on the job)",
  mapping_missing: "a value the evaluator reads was missing (nothing to score)",
  skipped: "its job had nothing to do: evaluator disabled, paused or deleted, or the subject gone",
  queued: "a job waits for the quiet period or a worker",
  filtered_out: "did not match the filter (counted at ingestion)",
  sampled_out: "matched, but not in the sample (counted at ingestion)",
};

/** `/project/{id}/evaluators/{id}`: the evaluator's config and counts, and its jobs
 * (`?status=failed` keeps one status), a page at a time. */
export function EvaluatorPage({ projectId, evaluatorId }: { projectId: string; evaluatorId: string }) {
  const [search, setSearch] = useSearchParams();
  const [{ data, fetching, error }] = useQuery({ query: EVALUATOR_VIEW, variables: { id: evaluatorId } });
  const status = JOB_STATUSES.find((s) => s === search.get("status")) ?? null;
  if (error) return <p className="page form-error" role="alert">{errorMessage(error)}</p>;
  if (fetching && !data) return <p className="page muted">Loading the evaluator…</p>;
  if (!data) return <p className="page">No evaluator {evaluatorId} in this project.</p>;
  const evaluator = data.evaluator;
  const setStatus = (next: string | null) => {
    const params = new URLSearchParams(search);
    if (next) params.set("status", next);
    else params.delete("status");
    setSearch(params);
  };
  return (
    <div className="page evaluator-page">
      <header className="trace-head">
        <div className="trace-title">
          <Link href={paths.evaluators(projectId)} className="muted">
            ← Evaluators
          </Link>
          <h1>{evaluator.name}</h1>
        </div>
        <div className="facts">
          <span>{evaluator.type}</span>
          <span>target {evaluator.target}</span>
          <span className={evaluator.status === "paused" ? "evaluator-paused" : undefined} aria-label="Status">
            {statusText(evaluator)}
          </span>
          <span>{evaluator.enabled ? "enabled" : "disabled"}</span>
          <span>sampling {evaluator.sampling}</span>
          <span>
            score {evaluator.scoreName} ({evaluator.scoreDataType})
          </span>
          <span>mean {formatScore(evaluator.stats.averageScore)}</span>
          <span>last run {formatTime(evaluator.stats.lastRunAt)}</span>
        </div>
        {evaluator.description && <p className="muted">{evaluator.description}</p>}
      </header>
      <div className="evaluator-body">
        <div className="evaluator-side">
          <Outcomes evaluator={evaluator} />
          <Config evaluator={evaluator} />
        </div>
        <div className="evaluator-jobs">
          <div className="view-switch" role="tablist" aria-label="Job status">
            {[null, ...JOB_STATUSES].map((s) => (
              <button key={s ?? "all"} type="button" role="tab" aria-pressed={status === s} aria-selected={status === s} onClick={() => setStatus(s)}>
                {s ?? "all"} ({s ? (evaluator.stats.jobs[s] ?? 0) : Object.values(evaluator.stats.jobs).reduce((a, b) => a + b, 0)})
              </button>
            ))}
          </div>
          <Jobs projectId={projectId} evaluatorId={evaluator.id} status={status} />
        </div>
      </div>
    </div>
  );
}

/** Subjects by outcome with what each means, and the failures. */
function Outcomes({ evaluator }: { evaluator: EvaluatorView }) {
  const { outcomes } = evaluator.stats;
  const checked = OUTCOMES.reduce((sum, outcome) => sum + (outcomes[outcome] ?? 0), 0);
  return (
    <Section title="Outcomes">
      {checked === 0 && (
        <p className="muted">
          Nothing checked yet: no trace has been written since it was created, or none reached it. Run it on one with POST
          /v1/evaluators/{evaluator.id}/execute.
        </p>
      )}
      <table className="kv" aria-label="Outcomes">
        <tbody>
          {OUTCOMES.map((outcome) => (
            <tr key={outcome}>
              <th>{outcomeLabel(outcome)}</th>
              <td className="num">{outcomes[outcome] ?? 0}</td>
              <td className="muted small">{OUTCOME_MEANING[outcome]}</td>
            </tr>
          ))}
          <tr>
            <th>failed jobs</th>
            <td className="num">{evaluator.stats.failures}</td>
            <td className="muted small">jobs whose last attempt failed</td>
          </tr>
        </tbody>
      </table>
    </Section>
  );
}

function Config({ evaluator }: { evaluator: EvaluatorView }) {
  return (
    <Section title="Config">
      <JsonView value={evaluator.config} openDepth={2} />
      {evaluator.prompt && (
        <>
          <h3>Prompt{evaluator.templateId ? ` (template ${evaluator.templateId})` : ""}</h3>
          <pre className="prompt-text">{evaluator.prompt}</pre>
        </>
      )}
      <h3>Filter</h3>
      <JsonView value={evaluator.filter} openDepth={2} />
      {evaluator.type === "llm_as_judge" && (
        <>
          <h3>Variable mapping</h3>
          <JsonView value={evaluator.variableMapping} openDepth={2} />
        </>
      )}
      <p className="muted small">
        created {formatTime(evaluator.createdAt)} · updated {formatTime(evaluator.updatedAt)}
        {evaluator.scoreCategories && ` · categories ${evaluator.scoreCategories.join(", ")}`}
      </p>
    </Section>
  );
}

function jobColumns(projectId: string): Column<EvaluationJobRow>[] {
  return [
    { id: "status", label: "Status", width: "90px", render: (job) => <span className={`job-${job.status}`}>{job.status}</span> },
    {
      id: "trace",
      label: "Trace",
      width: "minmax(110px, 1fr)",
      render: (job) =>
        job.traceId ? (
          <Link href={paths.trace(projectId, job.traceId)} onClick={(event) => event.stopPropagation()}>
            {job.traceId}
          </Link>
        ) : (
          ""
        ),
    },
    { id: "score", label: "Score", width: "60px", align: "right", render: (job) => (job.result && "value" in job.result ? formatScore(job.result.value) : "") },
    {
      id: "error",
      label: "Error / reason",
      // The error it ended with, or why it was skipped; every attempt's error in the title.
      width: "minmax(160px, 3fr)",
      render: (job) => (
        <span className="preview" title={job.errors.map((e) => `attempt ${e.attempt ?? "?"}: ${e.error ?? ""}`).join("\n") || job.lastError || undefined}>
          {job.lastError ?? ""}
        </span>
      ),
    },
    { id: "attempts", label: "Attempts", width: "70px", align: "right", render: (job) => `${job.attempts}/${job.maxAttempts}` },
    { id: "created", label: "Queued", width: "140px", render: (job) => formatTime(job.createdAt) },
    { id: "finished", label: "Finished", width: "140px", render: (job) => formatTime(job.finishedAt) },
    { id: "took", label: "Took", width: "60px", align: "right", render: (job) => formatSeconds(secondsBetween(job.startedAt, job.finishedAt)) },
    { id: "cost", label: "Cost", width: "60px", align: "right", render: (job) => formatCost(job.cost) },
  ];
}

/** The evaluator's jobs of one status (or all), newest first, keyset paged. */
function Jobs({ projectId, evaluatorId, status }: { projectId: string; evaluatorId: string; status: string | null }) {
  const client = useClient();
  const [, navigate] = useLocation();
  const pages = usePages(`${evaluatorId}:${status ?? ""}`, (after) =>
    fetchConnection(
      client,
      EVALUATOR_JOBS,
      { evaluatorId, status, first: PAGE_SIZE, after, withCount: after === null },
      (data) => data.evaluationJobs,
    ),
  );
  return (
    <>
      <p className="muted">{pages.totalCount === null ? "" : plural(pages.totalCount, `${status ?? ""} job`.trim())}</p>
      {pages.error && <p className="form-error" role="alert">{pages.error}</p>}
      <VirtualTable
        label="Jobs"
        rows={pages.nodes}
        columns={jobColumns(projectId)}
        rowKey={(job) => job.id}
        onOpen={(job) => job.traceId && navigate(paths.trace(projectId, job.traceId))}
        hasMore={pages.hasMore}
        loading={pages.loading}
        onEndReached={pages.loadMore}
        empty={status ? `No ${status} jobs.` : "No jobs yet."}
      />
    </>
  );
}
