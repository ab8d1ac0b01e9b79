import type { AgentCheckpoint, BranchCommit, ReplayEvent } from "../api/agents";

/** The kinds of step the timeline tells apart (and filters by). */
export type StepKind = "llm" | "tool" | "edit" | "command" | "checkpoint" | "git" | "other";

export const STEP_KINDS: readonly { kind: StepKind; label: string }[] = [
  { kind: "llm", label: "LLM calls" },
  { kind: "tool", label: "Tool calls" },
  { kind: "edit", label: "File edits" },
  { kind: "command", label: "Commands" },
  { kind: "checkpoint", label: "Checkpoints" },
  { kind: "git", label: "Git" },
  { kind: "other", label: "Other" },
];

/** Which kind of step a replay event is: by its type, then by where it came from. */
export function stepKind(event: Pick<ReplayEvent, "type" | "source">): StepKind {
  switch (event.type) {
    case "llm_call":
      return "llm";
    case "tool_call":
      return "tool";
    case "file_operation":
      return "edit";
    case "terminal_command":
      return "command";
    case "checkpoint":
      return "checkpoint";
    case "git_operation":
      return "git";
    default:
      return "other";
  }
}

/** Milliseconds from the run's first step: where a step sits on the timeline. */
export function offsetMs(event: Pick<ReplayEvent, "timestamp">, startIso: string | undefined): number | null {
  if (!startIso) return null;
  const offset = Date.parse(event.timestamp) - Date.parse(startIso);
  return Number.isFinite(offset) ? offset : null;
}

/** "+1.2 s", "+3 m 05 s": a step's time from the run's start. */
export function formatOffset(ms: number | null): string {
  if (ms === null) return "–";
  if (ms < 1000) return `+${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `+${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `+${minutes} m ${String(Math.round(seconds % 60)).padStart(2, "0")} s`;
}

/** The checkpoint before this one in time: what its diff is taken against by default. */
export function previousCheckpoint(checkpoints: AgentCheckpoint[], id: string): AgentCheckpoint | null {
  const ordered = [...checkpoints].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const index = ordered.findIndex((checkpoint) => checkpoint.id === id);
  return index > 0 ? ordered[index - 1]! : null;
}

/** One commit on the chart, oldest first, with the figures it plots. */
export interface CommitPoint {
  sha: string;
  label: string;
  message: string | null;
  costPerTrace: number | null;
  latency: number | null;
  regressions: string[];
}

/** The timeline (newest first, as the server pages it) as chart points, oldest first. */
export function commitPoints(commits: BranchCommit[]): CommitPoint[] {
  return [...commits].reverse().map((commit) => ({
    sha: commit.commitSha,
    label: commit.commitSha.slice(0, 7),
    message: commit.commitMessage,
    costPerTrace: commit.totalCost !== null && commit.traceCount > 0 ? commit.totalCost / commit.traceCount : null,
    latency: commit.avgLatency,
    regressions: commit.regressions,
  }));
}

/** Whether a chart of `metric` marks this commit: the server named the metric. */
export function regressed(point: CommitPoint, metric: "cost" | "latency"): boolean {
  return point.regressions.includes(metric);
}

/** Lines of a unified diff with the class that colours them. */
export function diffLines(text: string): { text: string; kind: "add" | "remove" | "hunk" | "file" | "context" }[] {
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  return lines.map((line) => {
    if (line.startsWith("+++") || line.startsWith("---")) return { text: line, kind: "file" };
    if (line.startsWith("@@")) return { text: line, kind: "hunk" };
    if (line.startsWith("+")) return { text: line, kind: "add" };
    if (line.startsWith("-")) return { text: line, kind: "remove" };
    return { text: line, kind: "context" };
  });
}
