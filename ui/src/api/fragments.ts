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

export const USAGE_FIELDS = gql`
  fragment UsageFields on Usage {
    inputTokens
    outputTokens
    totalTokens
  }
`;

export const TRACE_ROW_FIELDS = gql`
  fragment TraceRowFields on Trace {
    id
    name
    inputPreview
    outputPreview
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
      ...UsageFields
    }
    observationCount
    scores(ownOnly: true) {
      ...ScoreFields
    }
  }
  ${SCORE_FIELDS}
  ${USAGE_FIELDS}
`;
