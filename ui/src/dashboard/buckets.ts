import type { TimeBucket } from "../api/metrics";
import type { TraceFilterInput } from "../api/types";
import { rangeSeconds, type RangeKey } from "../lib/timeRange";

export const DASHBOARD_RANGES: RangeKey[] = ["1h", "24h", "7d", "30d"];

/** The width of each range's bars: the server cuts the range (`Metrics.series`). */
const BUCKETS: Partial<Record<RangeKey, TimeBucket>> = { "1h": "MINUTE_5", "24h": "HOUR", "7d": "DAY", "30d": "DAY" };

export interface DashboardVariables {
  filter: TraceFilterInput;
  bucket: TimeBucket;
}

/** The dashboard query's variables: the range ending at `now`, and its bucket width. */
export function dashboardVariables(range: RangeKey, environment: string, now: Date): DashboardVariables {
  const seconds = rangeSeconds(range) ?? 86_400;
  const filter: TraceFilterInput = {
    fromTimestamp: new Date(now.getTime() - seconds * 1000).toISOString(),
    toTimestamp: now.toISOString(),
  };
  if (environment) filter.environments = [environment];
  return { filter, bucket: BUCKETS[range] ?? "HOUR" };
}

/** A bar's label: the time of day for buckets within a day, else the date. */
export function bucketLabel(start: string, bucket: TimeBucket): string {
  const at = new Date(start);
  const pad = (value: number) => String(value).padStart(2, "0");
  return bucket === "DAY" ? `${pad(at.getMonth() + 1)}-${pad(at.getDate())}` : `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
