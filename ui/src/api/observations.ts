import { gql } from "@urql/core";
import { SCORE_FIELDS, USAGE_FIELDS } from "./fragments";
import type { Connection, ObservationDetail, SkeletonNode } from "./types";

/** The page size of tree skeletons: the server's largest. */
export const SKELETON_PAGE = 1000;

/** A page of a trace's tree: the fields rows and bars need, never input or output. */
export const OBSERVATION_SKELETON = gql<
  { trace: { id: string; observations: Connection<SkeletonNode> } | null },
  { traceId: string; first: number; after: string | null }
>`
  query ObservationSkeleton($traceId: ID!, $first: Int!, $after: String) {
    trace(id: $traceId) {
      id
      observations(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          parentObservationId
          type
          name
          startTime
          endTime
          level
          totalCost
          usage {
            totalTokens
          }
        }
      }
    }
  }
`;

const OBSERVATION_DETAIL_FIELDS = gql`
  fragment ObservationDetailFields on Observation {
    id
    traceId
    parentObservationId
    type
    name
    startTime
    endTime
    completionStartTime
    level
    statusMessage
    version
    environment
    input
    output
    metadata
    model
    modelId
    modelParameters
    usage {
      ...UsageFields
    }
    usageDetails
    costDetails
    inputCost
    outputCost
    totalCost
    latency
    timeToFirstToken
    promptName
    promptVersion
  }
  ${USAGE_FIELDS}
`;

/** One observation in full, loaded when it is selected. */
export const OBSERVATION_DETAIL = gql<{ observation: ObservationDetail | null }, { id: string }>`
  query ObservationDetail($id: ID!) {
    observation(id: $id) {
      ...ObservationDetailFields
      scores {
        ...ScoreFields
      }
    }
  }
  ${OBSERVATION_DETAIL_FIELDS}
  ${SCORE_FIELDS}
`;

/** The page size of a trace's export: full observations are large. */
export const EXPORT_PAGE = 500;

/** A page of a trace's observations in full, for the JSON export. */
export const OBSERVATIONS_FULL = gql<
  { trace: { id: string; observations: Connection<Omit<ObservationDetail, "scores">> } | null },
  { traceId: string; first: number; after: string | null }
>`
  query ObservationsFull($traceId: ID!, $first: Int!, $after: String) {
    trace(id: $traceId) {
      id
      observations(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...ObservationDetailFields
        }
      }
    }
  }
  ${OBSERVATION_DETAIL_FIELDS}
`;
