import { gql } from "@urql/core";
import { SCORE_FIELDS, USAGE_FIELDS } from "./fragments";
import type { Connection, Score, SessionRow, SessionTurn } from "./types";

export interface SessionFilterInput {
  fromTimestamp?: string;
  toTimestamp?: string;
  environments?: string[];
  userId?: string;
}

const SESSION_ROW_FIELDS = gql`
  fragment SessionRowFields on Session {
    id
    environment
    traceCount
    firstTraceTime
    lastTraceTime
    userIds
    totalCost
    usage {
      ...UsageFields
    }
  }
  ${USAGE_FIELDS}
`;

export const SESSION_LIST = gql<
  { sessions: Connection<SessionRow> },
  { filter: SessionFilterInput; first: number; after: string | null; withCount: boolean }
>`
  query SessionList(
    $filter: SessionFilterInput
    $first: Int!
    $after: String
    $withCount: Boolean!
  ) {
    sessions(filter: $filter, first: $first, after: $after) {
      totalCount @include(if: $withCount)
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...SessionRowFields
      }
    }
  }
  ${SESSION_ROW_FIELDS}
`;

export interface SessionHeader extends SessionRow {
  scores: Score[];
}

export const SESSION_HEADER = gql<{ session: SessionHeader | null }, { id: string }>`
  query SessionHeader($id: ID!) {
    session(id: $id) {
      ...SessionRowFields
      scores {
        ...ScoreFields
      }
    }
  }
  ${SESSION_ROW_FIELDS}
  ${SCORE_FIELDS}
`;

/** A page of a session's traces, oldest first: the turns of its conversation. */
export const SESSION_TURNS = gql<
  { session: { id: string; traces: Connection<SessionTurn> } | null },
  { id: string; first: number; after: string | null }
>`
  query SessionTurns($id: ID!, $first: Int!, $after: String) {
    session(id: $id) {
      id
      traces(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          name
          timestamp
          input
          output
          inputBytes
          outputBytes
          inputPreview
          outputPreview
          level
          latency
          totalCost
          scores {
            ...ScoreFields
          }
        }
      }
    }
  }
  ${SCORE_FIELDS}
`;
