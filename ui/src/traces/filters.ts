import { LEVELS, type Level, type TraceFilterInput, type TraceOrder, type TraceOrderField } from "../api/types";
import { parseRange, rangeStart, type RangeKey } from "../lib/timeRange";

/** The trace list's filters, sort and columns, as they are kept in the URL. */
export interface TraceListState {
  range: RangeKey;
  name: string;
  userId: string;
  sessionId: string;
  tags: string[];
  level: Level | null;
  environment: string;
  release: string;
  sort: { field: TraceOrderField; descending: boolean };
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
  const level = search.get("level");
  return {
    range: parseRange(search.get("range"), "all"),
    name: search.get("name") ?? "",
    userId: search.get("user") ?? "",
    sessionId: search.get("session") ?? "",
    tags: (search.get("tags") ?? "").split(",").map((tag) => tag.trim()).filter(Boolean),
    level: LEVELS.includes(level as Level) ? (level as Level) : null,
    environment: search.get("env") ?? "",
    release: search.get("release") ?? "",
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
    level: state.level ?? "",
    env: state.environment,
    release: state.release,
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
  if (state.level) filter.level = state.level;
  if (state.environment) filter.environments = [state.environment];
  if (state.release) filter.release = state.release;
  return filter;
}

export function toOrder(state: TraceListState): TraceOrder {
  return { field: state.sort.field, direction: state.sort.descending ? "DESC" : "ASC" };
}
