import { gql, type TypedDocumentNode } from "@urql/core";
import { USAGE_FIELDS } from "./fragments";
import type { TraceFilterInput, Usage } from "./types";

export interface MetricTotals {
  traceCount: number;
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
  totalCost: number;
}

export interface BucketTotals {
  traceCount: number;
  totalCost: number | null;
  usage: { totalTokens: number };
}

export interface DashboardData {
  metrics: {
    totals: MetricTotals;
    latency: { p50: number | null; p95: number | null; p99: number | null };
    usageByModel: ModelUsage[];
  };
  errors: { totalCount: number };
  [bucket: `b${number}`]: { totals: BucketTotals };
}

export type DashboardVariables = Record<string, TraceFilterInput>;

const documents = new Map<number, TypedDocumentNode<DashboardData, DashboardVariables>>();

/**
 * The dashboard in one request: metrics over the range, its error count, and one metrics
 * alias per time bucket (`b0`…), each with its own filter variable (`$b0`…). The schema has
 * no time series yet (ui/SERVER_NEEDS.md); aliases stay within its 50-alias limit.
 */
export function dashboardQuery(buckets: number): TypedDocumentNode<DashboardData, DashboardVariables> {
  const cached = documents.get(buckets);
  if (cached) return cached;
  const indexes = Array.from({ length: buckets }, (_, index) => index);
  const variables = indexes.map((index) => `$b${index}: TraceFilterInput!`).join(" ");
  const aliases = indexes
    .map(
      (index) =>
        `b${index}: metrics(filter: $b${index}) { totals { traceCount totalCost usage { totalTokens } } }`,
    )
    .join("\n");
  const document = gql<DashboardData, DashboardVariables>`
    query Dashboard($filter: TraceFilterInput!, $errors: TraceFilterInput!, ${variables}) {
      metrics(filter: $filter) {
        totals { traceCount observationCount inputCost outputCost totalCost usage { ...UsageFields } }
        latency { p50 p95 p99 }
        usageByModel { model observationCount traceCount totalCost usage { ...UsageFields } }
      }
      errors: traces(filter: $errors, first: 1) { totalCount }
      ${aliases}
    }
    ${USAGE_FIELDS}
  `;
  documents.set(buckets, document);
  return document;
}
