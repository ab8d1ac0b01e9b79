import { gql } from "@urql/core";
import type { Connection } from "./types";

/** `Evaluator.stats`: subjects by outcome, jobs by status, failures, the mean score, the last run. */
export interface EvaluatorStats {
  outcomes: Record<string, number>;
  jobs: Record<string, number>;
  failures: number;
  averageScore: number | null;
  lastRunAt: string | null;
}

export interface EvaluatorRow {
  id: string;
  name: string;
  type: string;
  target: string;
  enabled: boolean;
  status: string;
  statusReason: string | null;
  sampling: number;
  scoreName: string;
  stats: EvaluatorStats;
  updatedAt: string;
}

/** The project's evaluators, newest first, each with its run counts (one statement set per page). */
export const EVALUATOR_INDEX = gql<
  { evaluators: Connection<EvaluatorRow> },
  { first: number; after: string | null; withCount: boolean }
>`
  query EvaluatorIndex($first: Int!, $after: String, $withCount: Boolean!) {
    evaluators(first: $first, after: $after) {
      totalCount @include(if: $withCount)
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        type
        target
        enabled
        status
        statusReason
        sampling
        scoreName
        stats
        updatedAt
      }
    }
  }
`;

export interface EvaluatorView extends EvaluatorRow {
  description: string | null;
  config: unknown;
  templateId: string | null;
  prompt: string | null;
  variableMapping: unknown;
  filter: unknown;
  scoreDataType: string;
  scoreCategories: string[] | null;
  createdAt: string;
}

/** One evaluator whole: its config and its counts. */
export const EVALUATOR_VIEW = gql<{ evaluator: EvaluatorView }, { id: string }>`
  query EvaluatorView($id: ID!) {
    evaluator(id: $id) {
      id
      name
      description
      type
      target
      config
      templateId
      prompt
      variableMapping
      filter
      sampling
      scoreName
      scoreDataType
      scoreCategories
      enabled
      status
      statusReason
      stats
      createdAt
      updatedAt
    }
  }
`;

/** One failed attempt of a job: `errors` holds one per attempt. */
export interface JobError {
  attempt?: number;
  error?: string;
  at?: string;
  [key: string]: unknown;
}

export interface EvaluationJobRow {
  id: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  traceId: string | null;
  lastError: string | null;
  errors: JobError[];
  /** `{scoreId, value, comment}` once scored; a skip's reason otherwise. */
  result: Record<string, unknown> | null;
  cost: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A page of an evaluator's jobs, newest first, of one status or all. */
export const EVALUATOR_JOBS = gql<
  { evaluationJobs: Connection<EvaluationJobRow> },
  { evaluatorId: string; status: string | null; first: number; after: string | null; withCount: boolean }
>`
  query EvaluatorJobs($evaluatorId: String!, $status: String, $first: Int!, $after: String, $withCount: Boolean!) {
    evaluationJobs(filter: { evaluatorId: $evaluatorId, status: $status }, first: $first, after: $after) {
      totalCount @include(if: $withCount)
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        status
        attempts
        maxAttempts
        traceId
        lastError
        errors
        result
        cost
        createdAt
        startedAt
        finishedAt
      }
    }
  }
`;

export interface TraceEvaluation {
  evaluatorId: string;
  evaluatorName: string | null;
  subject: string;
  observationId: string | null;
  outcome: string;
  reason: string | null;
  jobId: string | null;
  scoreId: string | null;
  scoreValue: number | null;
  updatedAt: string | null;
}

/** What each evaluator made of one trace and why. */
export const TRACE_EVALUATION_PANEL = gql<{ trace: { id: string; evaluations: TraceEvaluation[] } | null }, { id: string }>`
  query TraceEvaluationPanel($id: ID!) {
    trace(id: $id) {
      id
      evaluations {
        evaluatorId
        evaluatorName
        subject
        observationId
        outcome
        reason
        jobId
        scoreId
        scoreValue
        updatedAt
      }
    }
  }
`;

/** The outcomes in the order a reader asks "why no score?": the ones that ran, then the ones that did not. */
export const OUTCOMES = ["scored", "failed", "mapping_missing", "skipped", "queued", "filtered_out", "sampled_out"] as const;
export const JOB_STATUSES = ["pending", "running", "completed", "failed", "skipped"] as const;

/** `mapping_missing` → `mapping missing`. */
export const outcomeLabel = (outcome: string) => outcome.replace(/_/g, " ");
