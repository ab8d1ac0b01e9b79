import { gql } from "@urql/core";
import type { Connection, Level } from "./types";

/** One step of a run as the server's replay orders them (`Query.replay`). `data` holds
 * what the step's source records, camelCased: a file edit's `diffPreview`, a command's
 * `stdout`, a checkpoint's `checkpointId`… */
export interface ReplayEvent {
  id: string;
  /** observation, file_operation, terminal_command, checkpoint or git_link. */
  source: string;
  /** llm_call, tool_call, agent_thought, error, file_operation, terminal_command, checkpoint, git_operation. */
  type: string;
  timestamp: string;
  endTime: string | null;
  durationMs: number | null;
  title: string;
  status: string;
  data: Record<string, unknown>;
}

export interface ReplaySummary {
  durationMs: number | null;
  totalCost: number | null;
  totalTokens: number;
  eventCount: number;
  llmCalls: number;
  toolCalls: number;
  errors: number;
  filesTouched: string[];
  fileOperations: number;
  commandsRun: number;
  commandsFailed: number;
  checkpoints: number;
  commits: string[];
}

export interface AgentCheckpoint {
  id: string;
  name: string;
  type: string;
  createdAt: string;
  gitCommitSha: string | null;
  gitBranch: string | null;
  totalFiles: number;
  storedFiles: number;
  totalSizeBytes: number;
}

export interface AgentGitLink {
  id: string;
  commitSha: string;
  parentSha: string | null;
  branch: string | null;
  repoUrl: string | null;
  commitMessage: string | null;
  commitAuthor: string | null;
  commitTimestamp: string;
  linkType: string;
  filesChangedCount: number;
  additions: number;
  deletions: number;
}

export interface AgentCiRun {
  id: string;
  provider: string;
  providerRunId: string;
  providerRunUrl: string | null;
  workflowName: string | null;
  jobName: string | null;
  status: string;
  conclusion: string | null;
  gitBranch: string | null;
  gitCommitSha: string | null;
  startedAt: string;
  durationMs: number | null;
  traceCount: number;
  totalCost: number | null;
  errorCount: number;
}

export interface AgentRunTrace {
  id: string;
  name: string | null;
  timestamp: string;
  sessionId: string | null;
  level: Level;
  latency: number | null;
  totalCost: number | null;
  gitCommitSha: string | null;
  gitBranch: string | null;
  gitRepoUrl: string | null;
  checkpoints: AgentCheckpoint[];
  gitLinks: AgentGitLink[];
  ciRuns: AgentCiRun[];
}

/** The agent-run page in one request: the trace's records and its replay (no payloads). */
export const AGENT_RUN_VIEW = gql<
  { trace: AgentRunTrace | null; replay: { summary: ReplaySummary; events: ReplayEvent[] } },
  { traceId: string }
>`
  query AgentRunView($traceId: ID!) {
    trace(id: $traceId) {
      id
      name
      timestamp
      sessionId
      level
      latency
      totalCost
      gitCommitSha
      gitBranch
      gitRepoUrl
      checkpoints {
        id
        name
        type
        createdAt
        gitCommitSha
        gitBranch
        totalFiles
        storedFiles
        totalSizeBytes
      }
      gitLinks {
        id
        commitSha
        parentSha
        branch
        repoUrl
        commitMessage
        commitAuthor
        commitTimestamp
        linkType
        filesChangedCount
        additions
        deletions
      }
      ciRuns {
        id
        provider
        providerRunId
        providerRunUrl
        workflowName
        jobName
        status
        conclusion
        gitBranch
        gitCommitSha
        startedAt
        durationMs
        traceCount
        totalCost
        errorCount
      }
    }
    replay(traceId: $traceId) {
      summary {
        durationMs
        totalCost
        totalTokens
        eventCount
        llmCalls
        toolCalls
        errors
        filesTouched
        fileOperations
        commandsRun
        commandsFailed
        checkpoints
        commits
      }
      events {
        id
        source
        type
        timestamp
        endTime
        durationMs
        title
        status
        data
      }
    }
  }
`;

export interface FileDiff {
  path: string;
  /** added, removed or changed. */
  status: string;
  oldSize: number | null;
  newSize: number | null;
  /** Null: binary, not stored, or over 1 MB. */
  diff: string | null;
  diffTruncated: boolean;
}

export interface CheckpointDiff {
  checkpointId: string;
  againstId: string;
  added: string[];
  removed: string[];
  changed: string[];
  unchangedCount: number;
  files: FileDiff[];
}

/** What changed from `againstId` (older) to `checkpointId`, with unified diffs. */
export const CHECKPOINT_DIFF = gql<{ checkpointDiff: CheckpointDiff }, { checkpointId: string; againstId: string }>`
  query CheckpointDiff($checkpointId: ID!, $againstId: ID!) {
    checkpointDiff(checkpointId: $checkpointId, againstId: $againstId) {
      checkpointId
      againstId
      added
      removed
      changed
      unchangedCount
      files {
        path
        status
        oldSize
        newSize
        diff
        diffTruncated
      }
    }
  }
`;

export interface BranchCommit {
  commitSha: string;
  commitTime: string;
  commitMessage: string | null;
  traceCount: number;
  totalCost: number | null;
  avgLatency: number | null;
  errorCount: number;
  delta: { costPerTrace: number | null; avgLatency: number | null; errorCount: number } | null;
  /** What moved the wrong way from the previous commit: cost, latency, errors, score:<name>. */
  regressions: string[];
  /** The commit's traces (up to 100 of them). */
  traces: { id: string; name: string | null }[];
}

/** A branch's commits, newest first, each with its figures and the server's regressions. */
export const BRANCH_TIMELINE = gql<
  { gitTimeline: Connection<BranchCommit> },
  { branch: string | null; repoUrl: string | null; first: number; after: string | null }
>`
  query BranchTimeline($branch: String, $repoUrl: String, $first: Int!, $after: String) {
    gitTimeline(branch: $branch, repoUrl: $repoUrl, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        commitSha
        commitTime
        commitMessage
        traceCount
        totalCost
        avgLatency
        errorCount
        delta {
          costPerTrace
          avgLatency
          errorCount
        }
        regressions
        traces {
          id
          name
        }
      }
    }
  }
`;

export interface RunsCompared {
  traceId1: string;
  traceId2: string;
  summary1: ReplaySummary;
  summary2: ReplaySummary;
  /** What one run did that the other did not: removed (only in 1), added (only in 2). */
  differences: { type: "added" | "removed"; eventType: string; description: string; count: number }[];
  files: { onlyIn1: string[]; onlyIn2: string[]; inBoth: string[] };
  /** Run 2 less run 1. */
  deltas: {
    totalCost: number | null;
    durationMs: number | null;
    latency: number | null;
    totalTokens: number;
    errors: number;
    commandsFailed: number;
    scores: Record<string, number | null>;
  };
}

const SUMMARY_FIELDS = gql`
  fragment ReplaySummaryFields on ReplaySummary {
    durationMs
    totalCost
    totalTokens
    eventCount
    llmCalls
    toolCalls
    errors
    filesTouched
    fileOperations
    commandsRun
    commandsFailed
    checkpoints
    commits
  }
`;

/** Two runs side by side: run 1 the baseline, run 2 the one it is compared with. */
export const AGENT_RUNS_COMPARED = gql<{ compareReplays: RunsCompared }, { traceId1: string; traceId2: string }>`
  query AgentRunsCompared($traceId1: ID!, $traceId2: ID!) {
    compareReplays(traceId1: $traceId1, traceId2: $traceId2) {
      traceId1
      traceId2
      summary1 {
        ...ReplaySummaryFields
      }
      summary2 {
        ...ReplaySummaryFields
      }
      differences
      files
      deltas
    }
  }
  ${SUMMARY_FIELDS}
`;
