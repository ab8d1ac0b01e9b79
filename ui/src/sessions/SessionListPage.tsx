import { useCallback, useMemo } from "react";
import { useClient } from "urql";
import { useLocation } from "wouter";
import { fetchConnection } from "../api/pages";
import { SESSION_LIST, type SessionFilterInput } from "../api/sessions";
import type { SessionRow } from "../api/types";
import { formatCost, formatCount, formatSeconds, formatTime, formatTokens, secondsBetween } from "../lib/format";
import { currentMinute, parseRange, RANGES, rangeStart, type RangeKey } from "../lib/timeRange";
import { usePages } from "../lists/usePages";
import { ListPage, useSearchParam } from "../lists/ListPage";
import type { Column } from "../lists/VirtualTable";
import { paths } from "../routes";

const PAGE_SIZE = 50;

const COLUMNS: Column<SessionRow>[] = [
  { id: "id", label: "Session", width: "minmax(160px, 2fr)", render: (row) => <b>{row.id}</b> },
  { id: "first", label: "Started", width: "150px", render: (row) => formatTime(row.firstTraceTime) },
  {
    id: "duration",
    label: "Duration",
    width: "90px",
    align: "right",
    render: (row) => formatSeconds(secondsBetween(row.firstTraceTime, row.lastTraceTime)),
  },
  { id: "traces", label: "Traces", width: "70px", align: "right", render: (row) => formatCount(row.traceCount) },
  { id: "tokens", label: "Tokens", width: "90px", align: "right", render: (row) => formatTokens(row.usage.totalTokens) },
  { id: "cost", label: "Cost", width: "90px", align: "right", render: (row) => formatCost(row.totalCost) },
  { id: "users", label: "Users", width: "minmax(100px, 1fr)", render: (row) => row.userIds.join(", ") },
  { id: "environment", label: "Environment", width: "110px", render: (row) => row.environment },
];

export function SessionListPage({ projectId }: { projectId: string }) {
  const [search, setParam] = useSearchParam();
  const [, navigate] = useLocation();
  const client = useClient();
  const range = parseRange(search.get("range"), "all");
  const environment = search.get("env") ?? "";
  const userId = search.get("user") ?? "";
  const listKey = `${range}|${environment}|${userId}`;
  const filter = useMemo<SessionFilterInput>(() => {
    const from = rangeStart(range, currentMinute());
    return {
      ...(from ? { fromTimestamp: from } : {}),
      ...(environment ? { environments: [environment] } : {}),
      ...(userId ? { userId } : {}),
    };
  }, [range, environment, userId]);
  const pages = usePages(listKey, (after) =>
    fetchConnection(client, SESSION_LIST, { filter, first: PAGE_SIZE, after, withCount: after === null }, (data) => data.sessions),
  );
  const open = useCallback((row: SessionRow) => navigate(paths.session(projectId, row.id)), [navigate, projectId]);

  return (
    <ListPage
      title="Sessions"
      noun="session"
      pages={pages}
      columns={COLUMNS}
      onOpen={open}
      empty="No sessions in this range. Traces sent with a sessionId make one."
      listKey={listKey}
      filters={
        <>
          <select aria-label="Time range" value={range} onChange={(event) => setParam("range", event.target.value as RangeKey)}>
            {RANGES.map((choice) => (
              <option key={choice.key} value={choice.key}>
                {choice.label}
              </option>
            ))}
          </select>
          <input
            aria-label="Environment"
            placeholder="Environment"
            defaultValue={environment}
            onKeyDown={(event) => event.key === "Enter" && setParam("env", event.currentTarget.value.trim())}
          />
          <input
            aria-label="User"
            placeholder="User"
            defaultValue={userId}
            onKeyDown={(event) => event.key === "Enter" && setParam("user", event.currentTarget.value.trim())}
          />
        </>
      }
    />
  );
}
