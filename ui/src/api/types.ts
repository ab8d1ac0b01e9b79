// The GraphQL types the explorer reads, with only the fields its operations select
// (graphql/schema.graphql is the contract).

export type Level = "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";
export const LEVELS: readonly Level[] = ["DEBUG", "DEFAULT", "WARNING", "ERROR"];

export type ObservationType =
  | "SPAN"
  | "GENERATION"
  | "EVENT"
  | "AGENT"
  | "TOOL"
  | "CHAIN"
  | "RETRIEVER"
  | "EVALUATOR"
  | "EMBEDDING"
  | "GUARDRAIL";

export type ScoreDataType = "NUMERIC" | "CATEGORICAL" | "BOOLEAN";
export type ScoreSource = "API" | "EVAL" | "ANNOTATION";

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface Score {
  id: string;
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: ScoreDataType;
  source: ScoreSource;
  comment: string | null;
  observationId: string | null;
  timestamp: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<Node> {
  totalCount?: number;
  pageInfo: PageInfo;
  nodes: Node[];
}

export interface TraceRow {
  id: string;
  name: string | null;
  /** One line of at most 200 characters, cut by the server (null: no input). */
  inputPreview: string | null;
  outputPreview: string | null;
  timestamp: string;
  userId: string | null;
  sessionId: string | null;
  environment: string;
  release: string | null;
  tags: string[];
  level: Level;
  latency: number | null;
  inputCost: number | null;
  outputCost: number | null;
  totalCost: number | null;
  /** Null when nothing reported usage. */
  usage: Usage | null;
  observationCount: number;
  scores: Score[];
}

export interface TraceHeader extends TraceRow {
  version: string | null;
  statusMessage: string | null;
  startTime: string | null;
  endTime: string | null;
  htmlPath: string;
  inputBytes: number;
  outputBytes: number;
  metadataBytes: number;
  /** Its own scores and its observations'. */
  allScores: Score[];
  /** How many coding-agent records (checkpoints, file edits, commands, commits, CI runs)
   * it has: over 0, the trace links its agent-run view. */
  agentRecords: { total: number };
}

/** What the tree shows of an observation: no input, output or metadata. Times are epoch
 * milliseconds (the skeleton's columns). */
export interface SkeletonNode {
  id: string;
  parentObservationId: string | null;
  type: ObservationType;
  name: string | null;
  startTime: number;
  endTime: number | null;
  level: Level;
  totalCost: number | null;
  totalTokens: number;
}

/** `Trace.skeleton`: the whole tree as columns, the i-th entry of each being one row. */
export interface TraceSkeleton {
  truncated: boolean;
  ids: string[];
  parentIds: (string | null)[];
  types: ObservationType[];
  names: (string | null)[];
  startTimes: number[];
  endTimes: (number | null)[];
  levels: Level[];
  totalTokens: number[];
  totalCosts: (number | null)[];
}

export interface ObservationDetail {
  id: string;
  traceId: string;
  parentObservationId: string | null;
  type: ObservationType;
  name: string | null;
  startTime: string;
  endTime: string | null;
  completionStartTime: string | null;
  level: Level;
  statusMessage: string | null;
  version: string | null;
  environment: string;
  /** Sizes of the payloads' JSON text, known before any payload is asked for. */
  inputBytes: number;
  outputBytes: number;
  metadataBytes: number;
  /** The first bytes of the input and output's JSON text (null: none). */
  inputHead: string | null;
  outputHead: string | null;
  model: string | null;
  modelId: string | null;
  modelParameters: unknown;
  usage: Usage | null;
  usageDetails: Record<string, number>;
  costDetails: Record<string, number> | null;
  inputCost: number | null;
  outputCost: number | null;
  totalCost: number | null;
  latency: number | null;
  timeToFirstToken: number | null;
  promptName: string | null;
  promptVersion: number | null;
  scores: Score[];
}

/** The payloads of an observation, asked for apart from it. */
export interface ObservationPayloads {
  input?: unknown;
  output?: unknown;
  metadata?: unknown;
}

export interface SessionRow {
  id: string;
  environment: string;
  traceCount: number;
  firstTraceTime: string | null;
  lastTraceTime: string | null;
  userIds: string[];
  totalCost: number | null;
  usage: Usage;
}

export interface SessionTurn {
  id: string;
  name: string | null;
  timestamp: string;
  input: unknown;
  output: unknown;
  inputBytes: number;
  outputBytes: number;
  inputPreview: string | null;
  outputPreview: string | null;
  level: Level;
  latency: number | null;
  totalCost: number | null;
  scores: Score[];
}

export interface TraceFilterInput {
  ids?: string[];
  userId?: string;
  sessionId?: string;
  name?: string;
  tags?: string[];
  environments?: string[];
  release?: string;
  level?: Level;
  levels?: Level[];
  models?: string[];
  metadata?: MetadataMatch[];
  search?: string;
  fromTimestamp?: string;
  toTimestamp?: string;
}

export interface MetadataMatch {
  key: string;
  value: string;
}

export type TraceOrderField = "TIMESTAMP" | "LATENCY" | "TOTAL_COST";
export type SortDirection = "ASC" | "DESC";

export interface TraceOrder {
  field: TraceOrderField;
  direction: SortDirection;
}
