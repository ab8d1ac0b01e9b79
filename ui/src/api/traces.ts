import { gql } from "@urql/core";
import { SCORE_FIELDS, TRACE_ROW_FIELDS } from "./fragments";
import type {
  Connection,
  TraceFilterInput,
  TraceHeader,
  TraceOrder,
  TraceRow,
} from "./types";

export interface TraceListVariables {
  filter: TraceFilterInput;
  orderBy: TraceOrder;
  first: number;
  after: string | null;
  withCount: boolean;
}

/** A page of the trace list, with the server's one-line input/output previews. */
export const TRACE_LIST = gql<{ traces: Connection<TraceRow> }, TraceListVariables>`
  query TraceList(
    $filter: TraceFilterInput
    $orderBy: TraceOrder
    $first: Int!
    $after: String
    $withCount: Boolean!
  ) {
    traces(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount @include(if: $withCount)
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...TraceRowFields
      }
    }
  }
  ${TRACE_ROW_FIELDS}
`;

export const TRACE_HEADER = gql<{ trace: TraceHeader | null }, { id: string }>`
  query TraceHeader($id: ID!) {
    trace(id: $id) {
      ...TraceRowFields
      version
      statusMessage
      startTime
      endTime
      htmlPath
      inputBytes
      outputBytes
      metadataBytes
      agentRecords {
        total
      }
      allScores: scores {
        ...ScoreFields
      }
    }
  }
  ${TRACE_ROW_FIELDS}
  ${SCORE_FIELDS}
`;

/** The trace's payload fields small enough to show whole (see TRACE_HEADER's sizes). */
export const TRACE_IO = gql<
  { trace: { id: string; input?: unknown; output?: unknown; metadata?: unknown } | null },
  { id: string; withInput: boolean; withOutput: boolean; withMetadata: boolean }
>`
  query TraceIO($id: ID!, $withInput: Boolean!, $withOutput: Boolean!, $withMetadata: Boolean!) {
    trace(id: $id) {
      id
      input @include(if: $withInput)
      output @include(if: $withOutput)
      metadata @include(if: $withMetadata)
    }
  }
`;

export interface FilterChoices {
  environments: string[];
  traceNames: string[];
  tags: string[];
  models: string[];
}

/** What the filter bar offers to pick from: the values the project's traces hold. */
export const FILTER_CHOICES = gql<{ project: FilterChoices }, Record<string, never>>`
  query FilterChoices {
    project {
      environments
      traceNames
      tags
      models
    }
  }
`;
