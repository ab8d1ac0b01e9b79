import type { TraceFilterInput } from "../api/types";
import { rangeSeconds, type RangeKey } from "../lib/timeRange";

export const DASHBOARD_RANGES: RangeKey[] = ["1h", "24h", "7d", "30d"];

/** How many bars each range is drawn with (under the schema's 50-alias limit). */
const BUCKETS: Partial<Record<RangeKey, number>> = { "1h": 12, "24h": 24, "7d": 28, "30d": 30 };

export interface Bucket {
  from: Date;
  to: Date;
  label: string;
}

/** Equal time buckets that end at `now`. */
export function buckets(range: RangeKey, now: Date): Bucket[] {
  const seconds = rangeSeconds(range) ?? 86_400;
  const count = BUCKETS[range] ?? 24;
  const step = (seconds * 1000) / count;
  const start = now.getTime() - seconds * 1000;
  return Array.from({ length: count }, (_, index) => {
    const from = new Date(start + index * step);
    return { from, to: new Date(start + (index + 1) * step), label: bucketLabel(from, seconds) };
  });
}

function bucketLabel(at: Date, rangeSeconds: number): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  return rangeSeconds <= 86_400 ? time : `${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The dashboard query's variables: the range, its errors, and one filter per bucket. */
export function dashboardVariables(
  range: Bucket[],
  environment: string,
): Record<string, TraceFilterInput> {
  const environments = environment ? { environments: [environment] } : {};
  const filter: TraceFilterInput = {
    fromTimestamp: range[0]!.from.toISOString(),
    toTimestamp: range[range.length - 1]!.to.toISOString(),
    ...environments,
  };
  const variables: Record<string, TraceFilterInput> = { filter, errors: { ...filter, level: "ERROR" } };
  range.forEach((bucket, index) => {
    variables[`b${index}`] = {
      fromTimestamp: bucket.from.toISOString(),
      toTimestamp: bucket.to.toISOString(),
      ...environments,
    };
  });
  return variables;
}
