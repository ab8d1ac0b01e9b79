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
  usage: Usage;
  observationCount: number;
  scores: Score[];
}

export interface TraceHeader extends TraceRow {
  version: string | null;
  statusMessage: string | null;
  startTime: string | null;
  endTime: string | null;
  htmlPath: string;
}

export interface TraceIO {
  id: string;
  input: unknown;
  output: unknown;
  metadata: unknown;
}

/** What the tree shows of an observation: no input, output or metadata. */
export interface SkeletonNode {
  id: string;
  parentObservationId: string | null;
  type: ObservationType;
  name: string | null;
  startTime: string;
  endTime: string | null;
  level: Level;
  totalCost: number | null;
  usage: { totalTokens: number };
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
  input: unknown;
  output: unknown;
  metadata: unknown;
  model: string | null;
  modelId: string | null;
  modelParameters: unknown;
  usage: Usage;
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
  fromTimestamp?: string;
  toTimestamp?: string;
}

export type TraceOrderField = "TIMESTAMP" | "LATENCY" | "TOTAL_COST";
export type SortDirection = "ASC" | "DESC";

export interface TraceOrder {
  field: TraceOrderField;
  direction: SortDirection;
}
