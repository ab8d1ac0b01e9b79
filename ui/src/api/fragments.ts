import { gql } from "@urql/core";

export const SCORE_FIELDS = gql`
  fragment ScoreFields on Score {
    id
    name
    value
    stringValue
    dataType
    source
    comment
    observationId
    timestamp
  }
`;

export const TRACE_ROW_FIELDS = gql`
  fragment TraceRowFields on Trace {
    id
    name
    timestamp
    userId
    sessionId
    environment
    release
    tags
    level
    latency
    inputCost
    outputCost
    totalCost
    usage {
      inputTokens
      outputTokens
      totalTokens
    }
    observationCount
    scores {
      ...ScoreFields
    }
  }
  ${SCORE_FIELDS}
`;

export const USAGE_FIELDS = gql`
  fragment UsageFields on Usage {
    inputTokens
    outputTokens
    totalTokens
  }
`;
