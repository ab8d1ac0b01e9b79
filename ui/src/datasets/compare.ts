import type { ComparedItem, DatasetRunRow } from "../api/datasets";

/** The score names any compared run gave, in a stable order: the comparison's columns. */
export function scoreNames(items: ComparedItem[]): string[] {
  const names = new Set<string>();
  for (const item of items) for (const result of item.results) for (const name of Object.keys(result.scores)) names.add(name);
  return [...names].sort();
}

/** A score as the cell shows it: numbers to two places, labels and booleans as they are. */
export function formatScore(value: number | string | boolean | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return typeof value === "number" ? value.toFixed(2) : String(value);
}

/** For each item, which run did best on `score` (highest), or null on a tie or no numbers:
 * the cell the comparison highlights. */
export function bestRun(item: ComparedItem, score: string): string | null {
  let best: { runId: string; value: number } | null = null;
  let tied = false;
  for (const result of item.results) {
    const value = result.scores[score];
    if (typeof value !== "number") continue;
    if (best === null || value > best.value) {
      best = { runId: result.runId, value };
      tied = false;
    } else if (value === best.value) tied = true;
  }
  return best && !tied ? best.runId : null;
}

/** The run ids of `?runs=a,b`, kept to the dataset's runs; by default its two newest. */
export function chosenRuns(param: string | null, runs: DatasetRunRow[]): string[] {
  const known = new Set(runs.map((run) => run.id));
  const asked = (param ?? "").split(",").filter((id) => known.has(id));
  if (asked.length > 0) return asked.slice(0, 10);
  return runs.slice(0, 2).map((run) => run.id);
}
