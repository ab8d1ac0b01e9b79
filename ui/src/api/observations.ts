import { gql } from "@urql/core";
import { SCORE_FIELDS, USAGE_FIELDS } from "./fragments";
import type { Connection, ObservationDetail, ObservationPayloads, TraceSkeleton } from "./types";

/** A trace's whole tree in one answer, as columns: never input or output. */
export const TRACE_SKELETON = gql<{ trace: { id: string; skeleton: TraceSkeleton } | null }, { traceId: string }>`
  query TraceSkeleton($traceId: ID!) {
    trace(id: $traceId) {
      id
      skeleton {
        truncated
        ids
        parentIds
        types
        names
        startTimes
        endTimes
        levels
        totalTokens
        totalCosts
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
    inputBytes
    outputBytes
    metadataBytes
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

/** An observation when it is selected: its fields and payload sizes, the first bytes of
 * its input and output, never a payload whole (OBSERVATION_PAYLOADS asks for those). */
export const OBSERVATION_DETAIL = gql<{ observation: ObservationDetail | null }, { id: string }>`
  query ObservationDetail($id: ID!) {
    observation(id: $id) {
      ...ObservationDetailFields
      inputHead(maxBytes: 20000)
      outputHead(maxBytes: 20000)
      scores {
        ...ScoreFields
      }
    }
  }
  ${OBSERVATION_DETAIL_FIELDS}
  ${SCORE_FIELDS}
`;

export interface PayloadChoice {
  id: string;
  withInput: boolean;
  withOutput: boolean;
  withMetadata: boolean;
}

/** The payload fields small enough to show whole (the panel asks once it knows sizes). */
export const OBSERVATION_PAYLOADS = gql<
  { observation: { id: string; input?: unknown; output?: unknown; metadata?: unknown } | null },
  PayloadChoice
>`
  query ObservationPayloads($id: ID!, $withInput: Boolean!, $withOutput: Boolean!, $withMetadata: Boolean!) {
    observation(id: $id) {
      id
      input @include(if: $withInput)
      output @include(if: $withOutput)
      metadata @include(if: $withMetadata)
    }
  }
`;

/** The page size of a trace's export: full observations are large. */
export const EXPORT_PAGE = 500;

/** A page of a trace's observations in full, for the JSON export. */
export const OBSERVATIONS_FULL = gql<
  {
    trace: {
      id: string;
      observations: Connection<Omit<ObservationDetail, "scores" | "inputHead" | "outputHead"> & ObservationPayloads>;
    } | null;
  },
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
          input
          output
          metadata
        }
      }
    }
  }
  ${OBSERVATION_DETAIL_FIELDS}
`;
