import type { EvaluatorRow } from "../api/evaluators";

/** A score as the list and the jobs show it: three decimals at most. */
export function formatScore(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3);
  if (value === null || value === undefined) return "–";
  return String(value);
}

/** `active`, or `paused: the judge refused the key` — what runs, with why not. */
export function statusText(evaluator: Pick<EvaluatorRow, "status" | "statusReason">): string {
  return evaluator.status === "paused" && evaluator.statusReason ? `paused: ${evaluator.statusReason}` : evaluator.status;
}

/** `scored 3 · filtered out 2` for the outcomes that happened, or "no runs yet". */
export function outcomeSummary(outcomes: Record<string, number>, order: readonly string[]): string {
  const parts = order.filter((outcome) => (outcomes[outcome] ?? 0) > 0).map((outcome) => `${outcome.replace(/_/g, " ")} ${outcomes[outcome]}`);
  return parts.length > 0 ? parts.join(" · ") : "nothing checked yet";
}
