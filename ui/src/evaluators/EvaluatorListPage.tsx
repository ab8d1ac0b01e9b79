import { useCallback } from "react";
import { useClient } from "urql";
import { useLocation } from "wouter";
import { EVALUATOR_INDEX, OUTCOMES, type EvaluatorRow } from "../api/evaluators";
import { fetchConnection } from "../api/pages";
import { formatCount, formatTime } from "../lib/format";
import { usePages } from "../lists/usePages";
import { ListPage } from "../lists/ListPage";
import type { Column } from "../lists/VirtualTable";
import { paths } from "../routes";
import { formatScore, outcomeSummary, statusText } from "./format";

const PAGE_SIZE = 50;

const COLUMNS: Column<EvaluatorRow>[] = [
  { id: "name", label: "Evaluator", width: "minmax(160px, 2fr)", render: (row) => <b>{row.name}</b> },
  { id: "type", label: "Type", width: "110px", render: (row) => row.type },
  { id: "target", label: "Target", width: "100px", render: (row) => row.target },
  {
    id: "status",
    label: "Status",
    width: "minmax(110px, 1.5fr)",
    render: (row) => <span className={row.status === "paused" ? "evaluator-paused" : undefined}>{statusText(row)}</span>,
  },
  { id: "enabled", label: "Enabled", width: "80px", render: (row) => (row.enabled ? "yes" : "no") },
  {
    id: "outcomes",
    label: "Outcomes",
    width: "minmax(200px, 3fr)",
    render: (row) => <span className="preview">{outcomeSummary(row.stats.outcomes, OUTCOMES)}</span>,
  },
  { id: "failures", label: "Failures", width: "80px", align: "right", render: (row) => formatCount(row.stats.failures) },
  { id: "average", label: "Mean score", width: "100px", align: "right", render: (row) => formatScore(row.stats.averageScore) },
  { id: "last", label: "Last run", width: "150px", render: (row) => formatTime(row.stats.lastRunAt) },
];

/** `/project/{id}/evaluators`: the evaluators, newest first: what runs, and what came of it. */
export function EvaluatorListPage({ projectId }: { projectId: string }) {
  const [, navigate] = useLocation();
  const client = useClient();
  const pages = usePages("evaluators", (after) =>
    fetchConnection(client, EVALUATOR_INDEX, { first: PAGE_SIZE, after, withCount: after === null }, (data) => data.evaluators),
  );
  const open = useCallback((row: EvaluatorRow) => navigate(paths.evaluator(projectId, row.id)), [navigate, projectId]);
  return (
    <ListPage
      title="Evaluators"
      noun="evaluator"
      pages={pages}
      columns={COLUMNS}
      onOpen={open}
      empty="No evaluators. Create one with POST /v1/evaluators."
    />
  );
}
