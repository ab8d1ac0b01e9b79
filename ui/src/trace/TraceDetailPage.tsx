import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "urql";
import { useLocation, useSearchParams } from "wouter";
import { errorMessage } from "../api/client";
import { SHOWS_SCORES } from "../api/scores";
import { TRACE_HEADER } from "../api/traces";
import { formatCount, plural } from "../lib/format";
import { useKeys } from "../lib/useKeys";
import { ObservationPanel } from "../observation/ObservationPanel";
import { paths } from "../routes";
import { TraceHeaderBar } from "./TraceHeaderBar";
import { TracePanel } from "./TracePanel";
import { TraceTree } from "./TraceTree";
import { isExpanded, nextError, reveal, visibleRows, type Expansion, type TreeNode } from "./tree";
import { useSkeleton } from "./useSkeleton";

/** How deep the tree opens at first; deeper levels open on demand. */
const OPEN_DEPTH = 3;
const DEPTH_CHOICES = [1, 2, 3, 5, 10];

export function TraceDetailPage({ projectId, traceId }: { projectId: string; traceId: string }) {
  const [search, setSearch] = useSearchParams();
  const [, navigate] = useLocation();
  const selectedId = search.get("observation");
  const [{ data, error }] = useQuery({ query: TRACE_HEADER, variables: { id: traceId }, context: SHOWS_SCORES });
  const skeleton = useSkeleton(traceId);
  const { tree } = skeleton;
  const [expansion, setExpansion] = useState<Expansion>({ depth: OPEN_DEPTH, overrides: new Map() });
  const rows = useMemo(() => visibleRows(tree, expansion), [tree, expansion]);
  // The row to bring into view once it is on screen: a deep link's, or where keys moved.
  const [scrollToId, setScrollToId] = useState<string | null>(selectedId);

  const select = useCallback(
    (id: string | null) => {
      const next = new URLSearchParams(search);
      if (id) next.set("observation", id);
      else next.delete("observation");
      setSearch(next, { replace: true });
    },
    [search, setSearch],
  );

  // A deep link to an observation hidden in a closed branch opens the branch, once.
  const revealed = useRef<string | null>(null);
  useEffect(() => {
    const placed = selectedId ? tree.byId.get(selectedId) : undefined;
    if (!placed || revealed.current === selectedId) return;
    revealed.current = selectedId;
    const opened = reveal(expansion, placed);
    if (opened !== expansion) setExpansion(opened);
  }, [tree, selectedId, expansion]);

  const selectedIndex = useMemo(() => rows.findIndex((placed) => placed.node.id === selectedId), [rows, selectedId]);
  const scrolled = useCallback(() => setScrollToId(null), []);
  const selectAndShow = (id: string) => {
    select(id);
    setScrollToId(id);
  };

  const toggle = useCallback(
    (placed: TreeNode) =>
      setExpansion((current) => {
        const overrides = new Map(current.overrides);
        overrides.set(placed.node.id, !isExpanded(current, placed));
        return { ...current, overrides };
      }),
    [],
  );
  const expanded = useCallback((placed: TreeNode) => isExpanded(expansion, placed), [expansion]);

  const jumpToError = () => {
    const target = nextError(tree, selectedId);
    if (!target) return;
    setExpansion((now) => reveal(now, target));
    revealed.current = target.node.id;
    selectAndShow(target.node.id);
  };
  const move = (step: number) => {
    const next = rows[Math.min(rows.length - 1, Math.max(0, selectedIndex + step))];
    if (next) selectAndShow(next.node.id);
  };
  useKeys({
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => move(1),
    ArrowUp: () => move(-1),
    Enter: () => {
      const placed = rows[selectedIndex];
      if (placed?.children.length) toggle(placed);
    },
    Escape: () => (selectedId ? select(null) : navigate(paths.traces(projectId))),
    e: jumpToError,
  });

  if (error) return <p className="page form-error">{errorMessage(error)}</p>;
  if (data && !data.trace) return <p className="page">Trace {traceId} does not exist in this project.</p>;
  const total = data?.trace?.observationCount ?? null;

  return (
    <div className="page trace-page">
      {data?.trace ? <TraceHeaderBar trace={data.trace} projectId={projectId} /> : <header className="trace-head skeleton-block" />}
      <div className="trace-body">
        <section className="tree-pane" aria-label="Tree">
          <div className="toolbar small">
            <label>
              Open to depth{" "}
              <select
                aria-label="Open to depth"
                value={expansion.depth === Infinity ? "all" : String(expansion.depth)}
                onChange={(event) =>
                  setExpansion({
                    depth: event.target.value === "all" ? Infinity : Number(event.target.value),
                    overrides: new Map(),
                  })
                }
              >
                {DEPTH_CHOICES.map((depth) => (
                  <option key={depth} value={depth}>
                    {depth}
                  </option>
                ))}
                <option value="all">all</option>
              </select>
            </label>
            <button type="button" onClick={jumpToError} disabled={tree.errorCount === 0}>
              Next error (e) · {formatCount(tree.errorCount)}
            </button>
            <span className="muted" role="status" aria-label="Tree loading">
              {skeleton.done
                ? `${plural(tree.size, "observation")}${skeleton.truncated && total !== null ? ` of ${formatCount(total)} (the first, in start order)` : ""}`
                : `Loading${total === null ? "" : ` ${plural(total, "observation")}`}…`}
            </span>
          </div>
          {skeleton.error && <p className="form-error">{skeleton.error}</p>}
          <div className="tree-columns muted small" aria-hidden>
            <span>Observation</span>
            <span className="tree-metrics">
              <span>Duration</span>
              <span>Tokens</span>
              <span>Cost</span>
            </span>
            <span>Timeline</span>
          </div>
          <TraceTree
            tree={tree}
            rows={rows}
            expanded={expanded}
            selectedId={selectedId}
            scrollToId={scrollToId}
            onScrolled={scrolled}
            onSelect={select}
            onToggle={toggle}
          />
        </section>
        {selectedId ? (
          <ObservationPanel key={selectedId} id={selectedId} onClose={() => select(null)} />
        ) : (
          <TracePanel projectId={projectId} traceId={traceId} trace={data?.trace ?? null} />
        )}
      </div>
    </div>
  );
}
