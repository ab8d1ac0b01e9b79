import { gql } from "@urql/core";
import type { Connection } from "./types";

export interface DatasetRow {
  id: string;
  name: string;
  description: string | null;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
  runs: { id: string }[];
}

/** The project's datasets, newest first. */
export const DATASET_INDEX = gql<
  { datasets: Connection<DatasetRow> },
  { first: number; after: string | null; withCount: boolean }
>`
  query DatasetIndex($first: Int!, $after: String, $withCount: Boolean!) {
    datasets(first: $first, after: $after) {
      totalCount @include(if: $withCount)
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        description
        itemCount
        createdAt
        updatedAt
        runs {
          id
        }
      }
    }
  }
`;

export interface ScoreSummary {
  name: string;
  average: number;
  count: number;
}

export interface RunSummary {
  itemCount: number;
  averageLatency: number | null;
  totalCost: number | null;
  averageCost: number | null;
  scores: ScoreSummary[];
}

export interface DatasetRunRow {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  summary: RunSummary | null;
}

export interface DatasetView {
  id: string;
  name: string;
  description: string | null;
  metadata: unknown;
  itemCount: number;
  createdAt: string;
  runs: DatasetRunRow[];
}

/** A dataset with its runs (newest first) and each run's totals. */
export const DATASET_VIEW = gql<{ dataset: DatasetView }, { id: string }>`
  query DatasetView($id: ID!) {
    dataset(id: $id) {
      id
      name
      description
      metadata
      itemCount
      createdAt
      runs {
        id
        name
        description
        createdAt
        summary {
          itemCount
          averageLatency
          totalCost
          averageCost
          scores {
            name
            average
            count
          }
        }
      }
    }
  }
`;

export interface DatasetItemRow {
  id: string;
  status: string;
  input: unknown;
  expectedOutput: unknown;
  metadata: unknown;
  sourceTraceId: string | null;
  createdAt: string;
}

/** A page of a dataset's items, oldest first. */
export const DATASET_ITEMS = gql<
  { dataset: { id: string; items: Connection<DatasetItemRow> } },
  { id: string; first: number; after: string | null; withCount: boolean }
>`
  query DatasetItems($id: ID!, $first: Int!, $after: String, $withCount: Boolean!) {
    dataset(id: $id) {
      id
      items(first: $first, after: $after) {
        totalCount @include(if: $withCount)
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          status
          input
          expectedOutput
          metadata
          sourceTraceId
          createdAt
        }
      }
    }
  }
`;

export interface ComparedResult {
  runId: string;
  traceId: string;
  observationId: string | null;
  output: unknown;
  latency: number | null;
  totalCost: number | null;
  /** Score name → a number or a label. */
  scores: Record<string, number | string | boolean | null>;
}

export interface ComparedItem {
  datasetItemId: string | null;
  input: unknown;
  expectedOutput: unknown;
  results: ComparedResult[];
}

export interface RunsCompared {
  datasetId: string;
  runs: DatasetRunRow[];
  items: ComparedItem[];
}

/** Runs of one dataset side by side: per item, each run's output, latency, cost, scores. */
export const DATASET_RUNS_COMPARED = gql<{ datasetRunComparison: RunsCompared }, { datasetId: string; runIds: string[] }>`
  query DatasetRunsCompared($datasetId: ID!, $runIds: [ID!]!) {
    datasetRunComparison(datasetId: $datasetId, runIds: $runIds) {
      datasetId
      runs {
        id
        name
        description
        createdAt
        summary {
          itemCount
          averageLatency
          totalCost
          averageCost
          scores {
            name
            average
            count
          }
        }
      }
      items {
        datasetItemId
        input
        expectedOutput
        results {
          runId
          traceId
          observationId
          output
          latency
          totalCost
          scores
        }
      }
    }
  }
`;
