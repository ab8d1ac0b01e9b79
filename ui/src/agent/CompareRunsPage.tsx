import type { ReactNode } from "react";
import { useQuery } from "urql";
import { Link, useSearchParams } from "wouter";
import { AGENT_RUNS_COMPARED, type ReplaySummary } from "../api/agents";
import { errorMessage } from "../api/client";
import { Section } from "../components/Section";
import { formatCost, formatCount, formatSeconds, UNKNOWN } from "../lib/format";
import { paths } from "../routes";

type Row = [label: string, value: (summary: ReplaySummary) => number | null, format: (value: number) => string];

const ms = (value: number) => formatSeconds(value / 1000);
// Figures where more is worse: their growth is drawn red.
const WORSE_UP = new Set(["Duration", "Cost", "Tokens", "Failed commands", "Errors"]);
const ROWS: Row[] = [
  ["Duration", (s) => s.durationMs, ms],
  ["Cost", (s) => s.totalCost, formatCost],
  ["Tokens", (s) => s.totalTokens, formatCount],
  ["Steps", (s) => s.eventCount, formatCount],
  ["LLM calls", (s) => s.llmCalls, formatCount],
  ["Tool calls", (s) => s.toolCalls, formatCount],
  ["File edits", (s) => s.fileOperations, formatCount],
  ["Files touched", (s) => s.filesTouched.length, formatCount],
  ["Commands", (s) => s.commandsRun, formatCount],
  ["Failed commands", (s) => s.commandsFailed, formatCount],
  ["Checkpoints", (s) => s.checkpoints, formatCount],
  ["Errors", (s) => s.errors, formatCount],
];

/** "+1.20 s", "−$0.0100", "±0": a change, signed. */
export function signed(delta: number | null, format: (value: number) => string): string {
  if (delta === null) return UNKNOWN;
  if (delta === 0) return "±0";
  return `${delta > 0 ? "+" : "−"}${format(Math.abs(delta))}`;
}

/** `/project/{id}/agent-runs/compare?a=…&b=…`: two runs of a coding agent side by side
 * (`Query.compareReplays`): their figures and the change from a to b, the steps only one
 * of them took (matched by what they did, not by id), and the files each touched. */
export function CompareRunsPage({ projectId }: { projectId: string }) {
  const [search] = useSearchParams();
  const a = search.get("a") ?? "";
  const b = search.get("b") ?? "";
  const [{ data, fetching, error }] = useQuery({
    query: AGENT_RUNS_COMPARED,
    variables: { traceId1: a, traceId2: b },
    pause: !a || !b,
  });
  if (!a || !b) return <p className="page">Choose two runs: ?a=…&amp;b=… (trace ids).</p>;
  if (error) return <p className="page form-error" role="alert">{errorMessage(error)}</p>;
  if (fetching || !data) return <p className="page muted">Comparing the runs…</p>;
  const compared = data.compareReplays;
  const only = (type: "removed" | "added") => compared.differences.filter((d) => d.type === type);
  const run = (id: string) => <Link href={paths.agentRun(projectId, id)}>{id}</Link>;
  return (
    <div className="page agent-page">
      <header className="trace-head">
        <div className="trace-title">
          <h1>
            Two runs: {run(a)} → {run(b)}
          </h1>
        </div>
      </header>
      <table className="kv compare-runs" aria-label="Runs compared">
        <thead>
          <tr>
            <th />
            <th className="num">{a}</th>
            <th className="num">{b}</th>
            <th className="num">Change</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map(([label, value, format]) => {
            const one = value(compared.summary1);
            const two = value(compared.summary2);
            const delta = one === null || two === null ? null : two - one;
            return (
              <tr key={label} className={delta !== null && delta > 0 && WORSE_UP.has(label) ? "grew" : undefined}>
                <th>{label}</th>
                <td className="num">{one === null ? UNKNOWN : format(one)}</td>
                <td className="num">{two === null ? UNKNOWN : format(two)}</td>
                <td className="num">{signed(delta, format)}</td>
              </tr>
            );
          })}
          {Object.entries(compared.deltas.scores).map(([name, delta]) => (
            <tr key={name}>
              <th>score {name}</th>
              <td />
              <td />
              <td className="num">{signed(delta, (v) => v.toFixed(2))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Section title="Steps only one run took">
        <div className="two-columns">
          <StepList title={`Only in ${a}`} label="Only in the first run" items={only("removed")} />
          <StepList title={`Only in ${b}`} label="Only in the second run" items={only("added")} />
        </div>
      </Section>
      <Section title="Files touched">
        <div className="two-columns">
          <FileList title={`Only in ${a}`} files={compared.files.onlyIn1} />
          <FileList title={`Only in ${b}`} files={compared.files.onlyIn2} />
          <FileList title="In both" files={compared.files.inBoth} />
        </div>
      </Section>
    </div>
  );
}

function StepList({ title, label, items }: { title: string; label: string; items: RunsDifference[] }) {
  return (
    <div>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">Nothing.</p>
      ) : (
        <ul aria-label={label} className="files">
          {items.map((item) => (
            <li key={`${item.eventType}:${item.description}`}>
              <span className="type">{item.eventType.replace(/_/g, " ")}</span> {item.description}
              {item.count > 1 && <span className="muted"> ×{item.count}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type RunsDifference = { eventType: string; description: string; count: number };

function FileList({ title, files }: { title: string; files: string[] }): ReactNode {
  return (
    <div>
      <h3>{title}</h3>
      {files.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="files">
          {files.map((path) => (
            <li key={path}>
              <code>{path}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
