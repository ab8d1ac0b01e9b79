import type { SkeletonNode } from "../api/types";

/** An observation placed in its trace's tree. */
export interface TreeNode {
  node: SkeletonNode;
  parent: TreeNode | null;
  children: TreeNode[];
  depth: number;
  /** Epoch milliseconds; `end` is null while the observation has none. */
  start: number;
  end: number | null;
}

/** What the page shows of a tree at one moment; a new one after every page of nodes. */
export interface Tree {
  roots: readonly TreeNode[];
  byId: ReadonlyMap<string, TreeNode>;
  size: number;
  errorCount: number;
  /** The span the waterfall bars are drawn against (epoch milliseconds). */
  start: number;
  end: number;
  maxDepth: number;
}

/**
 * Builds a trace's tree page by page, as the skeleton arrives in start order: each page
 * costs its own size, not the tree's, so a 20,000-node tree never stalls the page.
 *
 * An observation whose parent has not arrived (or never will) waits at the top until the
 * parent comes; one that would become its own ancestor stays at the top. No recursion
 * anywhere: traces nest hundreds of levels deep.
 */
export class TreeBuilder {
  private readonly byId = new Map<string, TreeNode>();
  private readonly roots: TreeNode[] = [];
  /** Top-level nodes by the id of the parent they wait for. */
  private readonly waiting = new Map<string, TreeNode[]>();
  /** Top-level nodes adopted since the last snapshot, still to be taken off the top. */
  private readonly moved = new Set<TreeNode>();
  private errorCount = 0;
  private start = Infinity;
  private end = -Infinity;
  private maxDepth = 0;

  add(nodes: readonly SkeletonNode[]): Tree {
    for (const node of nodes) {
      if (this.byId.has(node.id)) continue;
      const placed: TreeNode = {
        node,
        parent: null,
        children: [],
        depth: 0,
        start: node.startTime,
        end: node.endTime,
      };
      this.byId.set(node.id, placed);
      if (node.level === "ERROR") this.errorCount++;
      this.start = Math.min(this.start, placed.start);
      this.end = Math.max(this.end, placed.end ?? placed.start);
      const parent = node.parentObservationId ? this.byId.get(node.parentObservationId) : undefined;
      if (parent) this.attach(placed, parent);
      else this.wait(placed);
      this.adoptWaitingChildren(placed);
    }
    return this.snapshot();
  }

  /** Children stay in start order: appended as they usually come, else put in place. */
  private attach(child: TreeNode, parent: TreeNode): void {
    child.parent = parent;
    const { children } = parent;
    const last = children[children.length - 1];
    if (!last || last.start <= child.start) children.push(child);
    else children.splice(children.findIndex((sibling) => sibling.start > child.start), 0, child);
    this.setDepths(child, parent.depth + 1);
  }

  private wait(placed: TreeNode): void {
    this.roots.push(placed);
    const parentId = placed.node.parentObservationId;
    if (!parentId || parentId === placed.node.id) return;
    const siblings = this.waiting.get(parentId);
    if (siblings) siblings.push(placed);
    else this.waiting.set(parentId, [placed]);
  }

  /** Move the nodes waiting for `parent` from the top to under it. */
  private adoptWaitingChildren(parent: TreeNode): void {
    const children = this.waiting.get(parent.node.id);
    if (!children) return;
    this.waiting.delete(parent.node.id);
    const adopted = children.filter((child) => !isAncestor(child, parent));
    if (adopted.length === 0) return;
    // Taken off the top once per batch (in `snapshot`), not once per adoption: a batch
    // where many children come before their parents stays linear.
    for (const child of adopted) {
      this.moved.add(child);
      this.attach(child, parent);
    }
  }

  private setDepths(top: TreeNode, depth: number): void {
    const stack: [TreeNode, number][] = [[top, depth]];
    while (stack.length) {
      const [current, at] = stack.pop()!;
      current.depth = at;
      this.maxDepth = Math.max(this.maxDepth, at);
      for (const child of current.children) stack.push([child, at + 1]);
    }
  }

  private snapshot(): Tree {
    if (this.moved.size) {
      let kept = 0;
      for (const root of this.roots) if (!this.moved.has(root)) this.roots[kept++] = root;
      this.roots.length = kept;
      this.moved.clear();
    }
    const empty = this.byId.size === 0;
    return {
      roots: this.roots,
      byId: this.byId,
      size: this.byId.size,
      errorCount: this.errorCount,
      start: empty ? 0 : this.start,
      end: empty ? 0 : this.end,
      maxDepth: this.maxDepth,
    };
  }
}

function isAncestor(candidate: TreeNode, of: TreeNode): boolean {
  for (let current: TreeNode | null = of; current; current = current.parent) {
    if (current === candidate) return true;
  }
  return false;
}

/** The tree of `nodes` at once. */
export function buildTree(nodes: readonly SkeletonNode[]): Tree {
  return new TreeBuilder().add(nodes);
}

/** Which nodes show their children: up to a depth, unless the user chose otherwise. */
export interface Expansion {
  depth: number;
  overrides: ReadonlyMap<string, boolean>;
}

export function isExpanded(expansion: Expansion, placed: TreeNode): boolean {
  return expansion.overrides.get(placed.node.id) ?? placed.depth < expansion.depth;
}

/** Every node depth-first (the order rows are shown in), `visit` deciding whether to go in. */
function walk(tree: Tree, visit: (placed: TreeNode) => boolean): void {
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const current = stack.pop()!;
    if (!visit(current)) continue;
    for (let index = current.children.length - 1; index >= 0; index--) stack.push(current.children[index]!);
  }
}

/** The rows on screen: the tree walked in order, skipping the children of closed nodes. */
export function visibleRows(tree: Tree, expansion: Expansion): TreeNode[] {
  const rows: TreeNode[] = [];
  walk(tree, (placed) => {
    rows.push(placed);
    return isExpanded(expansion, placed);
  });
  return rows;
}

/** `expansion` with every ancestor of `placed` open, so that it is on screen. */
export function reveal(expansion: Expansion, placed: TreeNode): Expansion {
  const overrides = new Map(expansion.overrides);
  for (let ancestor = placed.parent; ancestor; ancestor = ancestor.parent) {
    if (!isExpanded({ ...expansion, overrides }, ancestor)) overrides.set(ancestor.node.id, true);
  }
  return overrides.size === expansion.overrides.size ? expansion : { ...expansion, overrides };
}

/** The first error after the node `afterId` in row order (from the top past the last one). */
export function nextError(tree: Tree, afterId: string | null): TreeNode | null {
  let first: TreeNode | null = null;
  let passed = afterId === null;
  let found: TreeNode | null = null;
  walk(tree, (placed) => {
    if (found) return false;
    const failing = placed.node.level === "ERROR";
    if (failing && !first) first = placed;
    if (failing && passed && placed.node.id !== afterId) found = placed;
    if (placed.node.id === afterId) passed = true;
    return true;
  });
  return found ?? first;
}

/** Where a bar starts and how wide it is, in percent of the trace's span. */
export function barGeometry(tree: Tree, placed: TreeNode): { left: number; width: number } {
  const span = Math.max(1, tree.end - tree.start);
  const left = ((placed.start - tree.start) / span) * 100;
  const width = (((placed.end ?? placed.start) - placed.start) / span) * 100;
  return { left: Math.max(0, Math.min(100, left)), width: Math.max(0, Math.min(100 - left, width)) };
}
