import type { ReactNode } from "react";
import { useSearchParams } from "wouter";
import { plural } from "../lib/format";
import type { usePages } from "./usePages";
import { VirtualTable, type Column } from "./VirtualTable";

type Pages<Row> = ReturnType<typeof usePages<Row>>;

interface Props<Row extends { id: string }> {
  /** The page's heading; `noun` counts the rows ("3 prompts"). */
  title: string;
  noun: string;
  pages: Pages<Row>;
  columns: Column<Row>[];
  onOpen: (row: Row) => void;
  empty: string;
  /** The filters' key: a new key starts the table again from its top. */
  listKey?: string;
  /** The filter controls, under the heading. */
  filters?: ReactNode;
}

/** Every list page's frame: heading and count, its filters, the paging error and the
 * virtual table of its rows (opened with a click, Enter, or j/k then Enter). */
export function ListPage<Row extends { id: string }>(props: Props<Row>) {
  const { pages } = props;
  return (
    <div className="page list-page">
      <div className="toolbar">
        <h1>{props.title}</h1>
        <span className="muted">{pages.totalCount === null ? "" : plural(pages.totalCount, props.noun)}</span>
      </div>
      {props.filters && (
        <form className="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
          {props.filters}
        </form>
      )}
      {pages.error && <p className="form-error" role="alert">{pages.error}</p>}
      <VirtualTable
        key={props.listKey}
        label={props.title}
        rows={pages.nodes}
        columns={props.columns}
        rowKey={(row) => row.id}
        onOpen={props.onOpen}
        hasMore={pages.hasMore}
        loading={pages.loading}
        onEndReached={pages.loadMore}
        empty={props.empty}
      />
    </div>
  );
}

/** The URL's query parameters, and a setter of one of them (an empty value removes it). */
export function useSearchParam(): [URLSearchParams, (name: string, value: string) => void] {
  const [search, setSearch] = useSearchParams();
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next);
  };
  return [search, setParam];
}
