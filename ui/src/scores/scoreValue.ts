import type { Score } from "../api/types";

/** How a score's value reads: a number to 2 decimals, a label, or True/False. */
export function scoreValue(score: Pick<Score, "dataType" | "value" | "stringValue">): string {
  if (score.dataType === "BOOLEAN") return score.value === 1 ? "True" : "False";
  if (score.dataType === "CATEGORICAL") return score.stringValue ?? "–";
  if (score.value === null) return "–";
  return Number.isInteger(score.value) ? String(score.value) : score.value.toFixed(2);
}
