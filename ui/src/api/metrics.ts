import { gql } from "@urql/core";
import type { DashboardVariables } from "../dashboard/buckets";
import { USAGE_FIELDS } from "./fragments";
import type { Usage } from "./types";

export type TimeBucket = "MINUTE_5" | "HOUR" | "DAY";

export interface Latency {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface MetricTotals {
  traceCount: number;
  errorCount: number;
  observationCount: number;
  inputCost: number | null;
  outputCost: number | null;
  totalCost: number | null;
  usage: Usage;
}

export interface ModelUsage {
  model: string | null;
  observationCount: number;
  traceCount: number;
  usage: Usage;
  /** Null when none of the model's observations had a price: unknown, never 0. */
  totalCost: number | null;
}

export interface MetricBucket {
  start: string;
  traceCount: number;
  errorCount: number;
  totalCost: number | null;
  usage: { totalTokens: number };
  latency: { p95: number | null };
}

export interface DashboardData {
  metrics: {
    totals: MetricTotals;
    latency: Latency;
    usageByModel: ModelUsage[];
    series: MetricBucket[];
  };
}

/** The dashboard in one request: totals with the error count, percentiles, models, and
 * the range cut in buckets by the server (empty ones included). */
export const DASHBOARD = gql<DashboardData, DashboardVariables>`
  query Dashboard($filter: TraceFilterInput!, $bucket: TimeBucket!) {
    metrics(filter: $filter) {
      totals {
        traceCount
        errorCount
        observationCount
        inputCost
        outputCost
        totalCost
        usage {
          ...UsageFields
        }
      }
      latency {
        p50
        p95
        p99
      }
      usageByModel {
        model
        observationCount
        traceCount
        totalCost
        usage {
          ...UsageFields
        }
      }
      series(bucket: $bucket) {
        start
        traceCount
        errorCount
        totalCost
        usage {
          totalTokens
        }
        latency {
          p95
        }
      }
    }
  }
  ${USAGE_FIELDS}
`;
