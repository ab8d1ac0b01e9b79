import { gql } from "@urql/core";
import { TRACE_ROW_FIELDS } from "./fragments";
import type {
  Connection,
  TraceFilterInput,
  TraceHeader,
  TraceIO,
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

/** A page of the trace list: rows only; previews come after (TRACE_PREVIEWS). */
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

export interface TracePreview {
  id: string;
  input: unknown;
  output: unknown;
}

/** Input and output of listed traces, asked for once their rows are shown. */
export const TRACE_PREVIEWS = gql<
  { traces: { nodes: TracePreview[] } },
  { ids: string[]; first: number }
>`
  query TracePreviews($ids: [ID!]!, $first: Int!) {
    traces(filter: { ids: $ids }, first: $first) {
      nodes {
        id
        input
        output
      }
    }
  }
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
    }
  }
  ${TRACE_ROW_FIELDS}
`;

export const TRACE_IO = gql<{ trace: TraceIO | null }, { id: string }>`
  query TraceIO($id: ID!) {
    trace(id: $id) {
      id
      input
      output
      metadata
    }
  }
`;
