import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { useKeys } from "../lib/useKeys";

export interface Column<Row> {
  id: string;
  label: string;
  /** A CSS grid track: "160px", "minmax(120px, 2fr)". */
  width: string;
  align?: "right";
  render(row: Row): ReactNode;
  /** Shown as sortable when given; `sort` says which column is sorted, and how. */
  sortable?: boolean;
}

export interface Sort {
  column: string;
  descending: boolean;
}

interface Props<Row> {
  label: string;
  rows: Row[];
  columns: Column<Row>[];
  rowKey(row: Row): string;
  onOpen(row: Row): void;
  hasMore: boolean;
  loading: boolean;
  onEndReached(): void;
  sort?: Sort;
  onSort?(column: string): void;
  empty: ReactNode;
  rowHeight?: number;
}

const END_MARGIN = 15;

/**
 * A table whose rows are rendered only while in view, paged in as it scrolls.
 * j/k (or arrows) move the selection, Enter opens the selected row. Give it a new `key`
 * when the list changes (new filters) to start again at the top.
 */
export function VirtualTable<Row>(props: Props<Row>) {
  const { rows, columns, rowKey, onOpen, hasMore, loading, onEndReached, sort, onSort } = props;
  const rowHeight = props.rowHeight ?? 36;
  const scroller = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState(-1);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : -1;

  useEffect(() => {
    if (hasMore && !loading && rows.length > 0 && lastIndex >= rows.length - END_MARGIN) onEndReached();
  }, [hasMore, loading, rows.length, lastIndex, onEndReached]);

  const move = (step: number) => {
    const next = Math.min(rows.length - 1, Math.max(0, selected + step));
    setSelected(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };
  useKeys({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Enter: () => {
      const row = rows[selected];
      if (row) onOpen(row);
    },
  });

  const grid: CSSProperties = { gridTemplateColumns: columns.map((column) => column.width).join(" ") };
  return (
    <div className="vtable" role="table" aria-label={props.label} aria-rowcount={rows.length}>
      <div className="vtable-head" role="row" style={grid}>
        {columns.map((column) => (
          <div key={column.id} role="columnheader" className={column.align === "right" ? "num" : undefined}>
            {column.sortable && onSort ? (
              <button type="button" className="sort" onClick={() => onSort(column.id)}>
                {column.label}
                {sort?.column === column.id ? (sort.descending ? " ↓" : " ↑") : ""}
              </button>
            ) : (
              column.label
            )}
          </div>
        ))}
      </div>
      <div className="vtable-body" ref={scroller}>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={rowKey(row)}
                role="row"
                aria-selected={item.index === selected}
                className="vtable-row"
                style={{ ...grid, height: rowHeight, transform: `translateY(${item.start}px)` }}
                onClick={() => {
                  setSelected(item.index);
                  onOpen(row);
                }}
              >
                {columns.map((column) => (
                  <div key={column.id} role="cell" className={column.align === "right" ? "num" : undefined}>
                    {column.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {loading && <div className="vtable-status">Loading…</div>}
        {!loading && rows.length === 0 && <div className="vtable-status">{props.empty}</div>}
      </div>
    </div>
  );
}
