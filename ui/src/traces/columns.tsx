import type { MouseEvent, ReactNode } from "react";
import { Link } from "wouter";
import type { TraceRow } from "../api/types";
import { LevelBadge } from "../components/LevelBadge";
import { Tags } from "../components/Tags";
import type { Column } from "../lists/VirtualTable";
import { formatCost, formatCount, formatSeconds, formatTime, formatTokens } from "../lib/format";
import { paths } from "../routes";
import { ScoreChips } from "../scores/ScoreChips";

export const TRACE_COLUMN_IDS = [
  "time",
  "name",
  "input",
  "output",
  "level",
  "latency",
  "tokens",
  "cost",
  "scores",
  "tags",
  "user",
  "session",
  "environment",
  "observations",
  "release",
  "id",
] as const;
export type TraceColumnId = (typeof TRACE_COLUMN_IDS)[number];

const DEFAULT_TRACE_COLUMNS: TraceColumnId[] = [
  "time",
  "name",
  "input",
  "output",
  "level",
  "latency",
  "tokens",
  "cost",
  "scores",
  "tags",
  "user",
  "session",
];

/** What cells need besides their row. */
export interface CellContext {
  projectId: string;
}

const stop = (event: MouseEvent) => event.stopPropagation();

/** The server's one-line preview (core/tracing/previews.py, the rule of lib/preview.ts). */
function preview(text: string | null) {
  return <span className="preview">{text ?? ""}</span>;
}

function tokensTitle(row: TraceRow): string {
  if (!row.usage) return "no usage recorded";
  return `input ${formatCount(row.usage.inputTokens)} · output ${formatCount(row.usage.outputTokens)}`;
}

function costTitle(row: TraceRow): string {
  return `input ${formatCost(row.inputCost)} · output ${formatCost(row.outputCost)}`;
}

type Definition = Omit<Column<TraceRow>, "id" | "render"> & {
  render(row: TraceRow, context: CellContext): ReactNode;
};

const DEFINITIONS: Record<TraceColumnId, Definition> = {
  time: { label: "Time", width: "140px", sortable: true, render: (row) => formatTime(row.timestamp) },
  name: { label: "Name", width: "minmax(120px, 1fr)", render: (row) => <b>{row.name ?? row.id}</b> },
  input: { label: "Input", width: "minmax(140px, 2fr)", render: (row) => preview(row.inputPreview) },
  output: { label: "Output", width: "minmax(140px, 2fr)", render: (row) => preview(row.outputPreview) },
  level: { label: "Level", width: "70px", render: (row) => <LevelBadge level={row.level} /> },
  latency: {
    label: "Latency",
    width: "80px",
    align: "right",
    sortable: true,
    render: (row) => formatSeconds(row.latency),
  },
  tokens: {
    label: "Tokens",
    width: "70px",
    align: "right",
    render: (row) => <span title={tokensTitle(row)}>{formatTokens(row.usage?.totalTokens)}</span>,
  },
  cost: {
    label: "Cost",
    width: "80px",
    align: "right",
    sortable: true,
    render: (row) => <span title={costTitle(row)}>{formatCost(row.totalCost)}</span>,
  },
  scores: { label: "Scores", width: "minmax(100px, 1fr)", render: (row) => <ScoreChips scores={row.scores} /> },
  tags: { label: "Tags", width: "minmax(80px, 1fr)", render: (row) => <Tags tags={row.tags} /> },
  user: { label: "User", width: "90px", render: (row) => row.userId ?? "" },
  session: {
    label: "Session",
    width: "110px",
    render: (row, context) =>
      row.sessionId ? (
        <Link href={paths.session(context.projectId, row.sessionId)} onClick={stop}>
          {row.sessionId}
        </Link>
      ) : null,
  },
  environment: { label: "Environment", width: "100px", render: (row) => row.environment },
  observations: {
    label: "Observations",
    width: "100px",
    align: "right",
    render: (row) => formatCount(row.observationCount),
  },
  release: { label: "Release", width: "90px", render: (row) => row.release ?? "" },
  id: { label: "Trace ID", width: "140px", render: (row) => <code>{row.id}</code> },
};

export function columnLabel(id: TraceColumnId): string {
  return DEFINITIONS[id].label;
}

export function traceColumns(ids: TraceColumnId[], context: CellContext): Column<TraceRow>[] {
  return ids.map((id) => {
    const { render, ...definition } = DEFINITIONS[id];
    return { id, ...definition, render: (row: TraceRow) => render(row, context) };
  });
}

const STORAGE_KEY = "agenttrace.traceColumns";

function parseColumns(value: string | null): TraceColumnId[] | null {
  if (!value) return null;
  const ids = value.split(",").filter((id): id is TraceColumnId => TRACE_COLUMN_IDS.includes(id as TraceColumnId));
  return ids.length ? ids : null;
}

/** The URL's `cols`, else this browser's last choice, else the defaults. */
export function chosenColumns(search: URLSearchParams): TraceColumnId[] {
  return parseColumns(search.get("cols")) ?? parseColumns(localStorage.getItem(STORAGE_KEY)) ?? DEFAULT_TRACE_COLUMNS;
}

export function rememberColumns(ids: TraceColumnId[]): void {
  localStorage.setItem(STORAGE_KEY, ids.join(","));
}
