import {
  LEVELS,
  type Level,
  type MetadataMatch,
  type TraceFilterInput,
  type TraceOrder,
  type TraceOrderField,
} from "../api/types";
import { parseRange, rangeStart, type RangeKey } from "../lib/timeRange";

/** The trace list's filters, sort and columns, as they are kept in the URL. */
export interface TraceListState {
  range: RangeKey;
  name: string;
  userId: string;
  sessionId: string;
  tags: string[];
  /** Any of these levels ("WARNING,ERROR" is one choice of the bar). */
  levels: Level[];
  environment: string;
  release: string;
  /** Full-text search of name, input and output (the server's FTS / tsvector index). */
  search: string;
  /** Traces with an observation of any of these models. */
  models: string[];
  /** Top-level metadata pairs, each of which must match. */
  metadata: MetadataMatch[];
  sort: { field: TraceOrderField; descending: boolean };
}

const list = (value: string | null): string[] =>
  (value ?? "").split(",").map((item) => item.trim()).filter(Boolean);

/** "key=value" pairs, separated by ";" in the URL's `meta`. */
export function parseMetadata(text: string): MetadataMatch[] {
  return text
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => pair.includes("=") && !pair.startsWith("="))
    .map((pair) => {
      const at = pair.indexOf("=");
      return { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    });
}

export function metadataText(pairs: MetadataMatch[]): string {
  return pairs.map(({ key, value }) => `${key}=${value}`).join("; ");
}

const SORT_FIELDS: Record<string, TraceOrderField> = {
  time: "TIMESTAMP",
  latency: "LATENCY",
  cost: "TOTAL_COST",
};

/** The order of a sortable column ("time", "latency", "cost"). */
export function sortField(column: string): TraceOrderField | undefined {
  return SORT_FIELDS[column];
}

export function sortColumn(field: TraceOrderField): string {
  return Object.entries(SORT_FIELDS).find(([, value]) => value === field)![0];
}

export function readListState(search: URLSearchParams): TraceListState {
  const [sortName, direction] = (search.get("sort") ?? "time:desc").split(":");
  return {
    range: parseRange(search.get("range"), "all"),
    name: search.get("name") ?? "",
    userId: search.get("user") ?? "",
    sessionId: search.get("session") ?? "",
    tags: list(search.get("tags")),
    levels: list(search.get("level")).filter((level): level is Level => LEVELS.includes(level as Level)),
    environment: search.get("env") ?? "",
    release: search.get("release") ?? "",
    search: search.get("q") ?? "",
    models: list(search.get("model")),
    metadata: parseMetadata(search.get("meta") ?? ""),
    sort: { field: SORT_FIELDS[sortName ?? ""] ?? "TIMESTAMP", descending: direction !== "asc" },
  };
}

/** The URL parameters of `state`, leaving out what is at its default. */
export function writeListState(state: TraceListState, into: URLSearchParams): URLSearchParams {
  const search = new URLSearchParams(into);
  const values: Record<string, string> = {
    range: state.range === "all" ? "" : state.range,
    name: state.name,
    user: state.userId,
    session: state.sessionId,
    tags: state.tags.join(","),
    level: state.levels.join(","),
    env: state.environment,
    release: state.release,
    q: state.search.trim(),
    model: state.models.join(","),
    meta: state.metadata.map(({ key, value }) => `${key}=${value}`).join(";"),
    sort:
      state.sort.field === "TIMESTAMP" && state.sort.descending
        ? ""
        : `${sortColumn(state.sort.field)}:${state.sort.descending ? "desc" : "asc"}`,
  };
  for (const [key, value] of Object.entries(values)) {
    if (value) search.set(key, value);
    else search.delete(key);
  }
  return search;
}

/** The GraphQL filter of `state`, with relative ranges counted back from `now`. */
export function toFilterInput(state: TraceListState, now: Date): TraceFilterInput {
  const filter: TraceFilterInput = {};
  const from = rangeStart(state.range, now);
  if (from) filter.fromTimestamp = from;
  if (state.name) filter.name = state.name;
  if (state.userId) filter.userId = state.userId;
  if (state.sessionId) filter.sessionId = state.sessionId;
  if (state.tags.length) filter.tags = state.tags;
  if (state.levels.length) filter.levels = state.levels;
  if (state.environment) filter.environments = [state.environment];
  if (state.release) filter.release = state.release;
  if (state.search.trim()) filter.search = state.search.trim();
  if (state.models.length) filter.models = state.models;
  if (state.metadata.length) filter.metadata = state.metadata;
  return filter;
}

export function toOrder(state: TraceListState): TraceOrder {
  return { field: state.sort.field, direction: state.sort.descending ? "DESC" : "ASC" };
}
