import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef } from "react";
import { LevelBadge } from "../components/LevelBadge";
import { TypeBadge } from "../components/TypeBadge";
import { formatCost, formatSeconds, formatTokens } from "../lib/format";
import { barGeometry, type Tree, type TreeNode } from "./tree";

const ROW_HEIGHT = 28;
const INDENT = 14;
/** Deeper rows stop moving right; their depth is written instead. */
const MAX_INDENT_DEPTH = 30;

interface Props {
  tree: Tree;
  rows: TreeNode[];
  expanded(placed: TreeNode): boolean;
  selectedId: string | null;
  /** A row to bring into view as soon as it is among `rows`; `onScrolled` then. */
  scrollToId: string | null;
  onScrolled(): void;
  onSelect(id: string): void;
  onToggle(placed: TreeNode): void;
}

/** The observation tree with inline waterfall bars; only the rows in view are rendered. */
export function TraceTree(props: Props) {
  const { tree, rows, expanded, selectedId, scrollToId, onScrolled, onSelect, onToggle } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });

  useEffect(() => {
    if (scrollToId === null) return;
    const index = rows.findIndex((placed) => placed.node.id === scrollToId);
    if (index < 0) return;
    virtualizer.scrollToIndex(index, { align: "center" });
    onScrolled();
  }, [scrollToId, rows, virtualizer, onScrolled]);

  return (
    <div className="tree" ref={scroller} role="tree" aria-label="Observations">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const placed = rows[item.index]!;
          return (
            <TreeRow
              key={placed.node.id}
              tree={tree}
              placed={placed}
              top={item.start}
              open={expanded(placed)}
              selected={placed.node.id === selectedId}
              onSelect={onSelect}
              onToggle={onToggle}
            />
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  tree: Tree;
  placed: TreeNode;
  top: number;
  open: boolean;
  selected: boolean;
  onSelect(id: string): void;
  onToggle(placed: TreeNode): void;
}

const TreeRow = memo(function TreeRow({ tree, placed, top, open, selected, onSelect, onToggle }: RowProps) {
  const { node, depth, children } = placed;
  const bar = barGeometry(tree, placed);
  const duration = placed.end === null ? null : (placed.end - placed.start) / 1000;
  return (
    <div
      role="treeitem"
      aria-level={depth + 1}
      aria-expanded={children.length ? open : undefined}
      aria-selected={selected}
      data-id={node.id}
      className={`tree-row${node.level === "ERROR" ? " error" : ""}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => onSelect(node.id)}
    >
      <div className="tree-label" style={{ paddingLeft: Math.min(depth, MAX_INDENT_DEPTH) * INDENT }}>
        {children.length ? (
          <button
            type="button"
            className="twisty"
            aria-label={open ? "Collapse" : `Expand ${children.length}`}
            onClick={(event) => {
              event.stopPropagation();
              onToggle(placed);
            }}
          >
            {open ? "▾" : "▸"}
          </button>
        ) : (
          <span className="twisty" />
        )}
        {depth > MAX_INDENT_DEPTH && <span className="depth">{depth}</span>}
        <TypeBadge type={node.type} />
        <span className="tree-name">{node.name ?? node.id}</span>
        {!open && children.length > 0 && <span className="muted"> ({children.length})</span>}
        <LevelBadge level={node.level} />
      </div>
      <div className="tree-metrics">
        <span>{formatSeconds(duration)}</span>
        <span>{formatTokens(node.totalTokens || null)}</span>
        <span>{formatCost(node.totalCost)}</span>
      </div>
      <div className="tree-timeline" aria-hidden>
        <span
          className={`bar type-${node.type.toLowerCase()}`}
          style={{ left: `${bar.left}%`, width: `max(2px, ${bar.width}%)` }}
        />
      </div>
    </div>
  );
});
