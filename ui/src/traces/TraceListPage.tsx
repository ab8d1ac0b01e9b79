import { useCallback, useMemo } from "react";
import { useClient } from "urql";
import { useLocation, useSearchParams } from "wouter";
import { fetchConnection } from "../api/pages";
import { TRACE_LIST } from "../api/traces";
import type { TraceRow } from "../api/types";
import { plural } from "../lib/format";
import { currentMinute } from "../lib/timeRange";
import { usePages } from "../lists/usePages";
import { VirtualTable } from "../lists/VirtualTable";
import { paths } from "../routes";
import { ColumnPicker } from "./ColumnPicker";
import { chosenColumns, rememberColumns, traceColumns, type TraceColumnId } from "./columns";
import { readListState, sortColumn, sortField, toFilterInput, toOrder, writeListState, type TraceListState } from "./filters";
import { TraceFilterBar } from "./TraceFilterBar";

const PAGE_SIZE = 50;

export function TraceListPage({ projectId }: { projectId: string }) {
  const [search, setSearch] = useSearchParams();
  const [, navigate] = useLocation();
  const client = useClient();
  const state = useMemo(() => readListState(search), [search]);
  const columnIds = useMemo(() => chosenColumns(search), [search]);
  const listKey = writeListState(state, new URLSearchParams()).toString();

  // Built afresh for each list (listKey), so a relative range counts from when it was asked.
  const variables = useMemo(
    () => ({ filter: toFilterInput(state, currentMinute()), orderBy: toOrder(state), first: PAGE_SIZE }),
    [state],
  );
  const pages = usePages(listKey, (after) =>
    fetchConnection(client, TRACE_LIST, { ...variables, after, withCount: after === null }, (data) => data.traces),
  );
  const columns = useMemo(() => traceColumns(columnIds, { projectId }), [columnIds, projectId]);

  const change = (next: TraceListState) => setSearch(writeListState(next, search));
  const chooseColumns = (ids: TraceColumnId[]) => {
    rememberColumns(ids);
    const next = new URLSearchParams(search);
    next.set("cols", ids.join(","));
    setSearch(next);
  };
  const sortBy = (column: string) => {
    const field = sortField(column);
    if (!field) return;
    const descending = state.sort.field === field ? !state.sort.descending : true;
    change({ ...state, sort: { field, descending } });
  };
  const open = useCallback((row: TraceRow) => navigate(paths.trace(projectId, row.id)), [navigate, projectId]);

  return (
    <div className="page list-page">
      <div className="toolbar">
        <h1>Traces</h1>
        <span className="muted" aria-live="polite">
          {pages.totalCount === null ? "" : plural(pages.totalCount, "trace")}
        </span>
        <ColumnPicker chosen={columnIds} onChange={chooseColumns} />
      </div>
      <TraceFilterBar key={`filters?${listKey}`} state={state} onChange={change} listShown={!pages.loading} />
      {pages.error && <p className="form-error" role="alert">{pages.error}</p>}
      <VirtualTable
        key={`rows?${listKey}`}
        label="Traces"
        rows={pages.nodes}
        columns={columns}
        rowKey={(row) => row.id}
        onOpen={open}
        hasMore={pages.hasMore}
        loading={pages.loading}
        onEndReached={pages.loadMore}
        sort={{ column: sortColumn(state.sort.field), descending: state.sort.descending }}
        onSort={sortBy}
        empty="No traces match these filters."
      />
    </div>
  );
}
