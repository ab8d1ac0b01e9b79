import { gql } from "@urql/core";
import { SCORE_FIELDS } from "./fragments";
import type { Score, ScoreDataType, ScoreSource } from "./types";

export interface ScoreInput {
  name: string;
  value?: number;
  stringValue?: string;
  dataType: ScoreDataType;
  source: ScoreSource;
  traceId?: string;
  observationId?: string;
  sessionId?: string;
  comment?: string;
}

export const CREATE_SCORE = gql<
  { createScore: { id: string; score: Score | null } },
  { input: ScoreInput }
>`
  mutation CreateScore($input: ScoreInput!) {
    createScore(input: $input) {
      id
      score {
        ...ScoreFields
      }
    }
  }
  ${SCORE_FIELDS}
`;

/**
 * Context for queries that show scores: a new score (of any subject) refreshes them, even
 * when their answer held no score yet (urql's document cache goes by the types it saw).
 */
export const SHOWS_SCORES = { additionalTypenames: ["Score"] };
