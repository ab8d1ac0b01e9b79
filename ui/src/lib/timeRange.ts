/** The time ranges lists and the dashboard offer, as kept in the URL (`range=24h`). */
export type RangeKey = "1h" | "24h" | "7d" | "30d" | "all";

export const RANGES: readonly { key: RangeKey; label: string; seconds: number | null }[] = [
  { key: "1h", label: "Last hour", seconds: 3600 },
  { key: "24h", label: "Last 24 hours", seconds: 86_400 },
  { key: "7d", label: "Last 7 days", seconds: 7 * 86_400 },
  { key: "30d", label: "Last 30 days", seconds: 30 * 86_400 },
  { key: "all", label: "All time", seconds: null },
];

export function parseRange(value: string | null, fallback: RangeKey): RangeKey {
  return RANGES.some((range) => range.key === value) ? (value as RangeKey) : fallback;
}

export function rangeSeconds(key: RangeKey): number | null {
  return RANGES.find((range) => range.key === key)?.seconds ?? null;
}

/**
 * "Now" to the minute: filters built from it stay equal between renders within a minute,
 * so a list is not asked for again on every render.
 */
export function currentMinute(): Date {
  const now = new Date();
  now.setSeconds(0, 0);
  return new Date(now.getTime() + 60_000);
}

/** The ISO start of `key` before `now`; undefined for all time. */
export function rangeStart(key: RangeKey, now: Date): string | undefined {
  const seconds = rangeSeconds(key);
  return seconds === null ? undefined : new Date(now.getTime() - seconds * 1000).toISOString();
}
