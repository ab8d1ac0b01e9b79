import type { SkeletonNode } from "../api/types";

/** An observation placed in its trace's tree. */
export interface TreeNode {
  node: SkeletonNode;
  parent: TreeNode | null;
  children: TreeNode[];
  depth: number;
  /** Position in a depth-first walk of the whole tree (what "next error" follows). */
  order: number;
  /** Epoch milliseconds; `end` is null while the observation has none. */
  start: number;
  end: number | null;
}

export interface Tree {
  roots: TreeNode[];
  byId: ReadonlyMap<string, TreeNode>;
  /** Observations at level ERROR, in walk order. */
  errors: TreeNode[];
  /** The span the waterfall bars are drawn against (epoch milliseconds). */
  start: number;
  end: number;
  maxDepth: number;
}

/**
 * Arrange observations (in start order, as the server pages them) into their tree.
 * An observation whose parent is not among them (not loaded yet, or never sent) is shown
 * at the top; a parent cycle is cut where the walk finds it. No recursion: traces may
 * nest hundreds of levels.
 */
export function buildTree(nodes: readonly SkeletonNode[]): Tree {
  const byId = new Map<string, TreeNode>();
  for (const node of nodes) {
    byId.set(node.id, {
      node,
      parent: null,
      children: [],
      depth: 0,
      order: 0,
      start: Date.parse(node.startTime),
      end: node.endTime ? Date.parse(node.endTime) : null,
    });
  }
  const roots: TreeNode[] = [];
  for (const placed of byId.values()) {
    const parentId = placed.node.parentObservationId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parent && parent !== placed) {
      placed.parent = parent;
      parent.children.push(placed);
    } else {
      roots.push(placed);
    }
  }

  const tree: Tree = { roots, byId, errors: [], start: Infinity, end: -Infinity, maxDepth: 0 };
  const visited = new Set<TreeNode>();
  let order = 0;
  const walk = (root: TreeNode) => {
    const stack = [root];
    while (stack.length) {
      const current = stack.pop()!;
      visited.add(current);
      current.depth = current.parent && visited.has(current.parent) ? current.parent.depth + 1 : 0;
      current.order = order++;
      tree.maxDepth = Math.max(tree.maxDepth, current.depth);
      tree.start = Math.min(tree.start, current.start);
      tree.end = Math.max(tree.end, current.end ?? current.start);
      if (current.node.level === "ERROR") tree.errors.push(current);
      for (let index = current.children.length - 1; index >= 0; index--) stack.push(current.children[index]!);
    }
  };
  for (const root of roots) walk(root);
  // Observations that are their own ancestors were reached from no root: cut each cycle.
  for (const placed of byId.values()) {
    if (visited.has(placed)) continue;
    placed.parent!.children = placed.parent!.children.filter((child) => child !== placed);
    placed.parent = null;
    roots.push(placed);
    walk(placed);
  }
  if (tree.start === Infinity) {
    tree.start = 0;
    tree.end = 0;
  }
  return tree;
}

/** Which nodes show their children: up to a depth, unless the user chose otherwise. */
export interface Expansion {
  depth: number;
  overrides: ReadonlyMap<string, boolean>;
}

export function isExpanded(expansion: Expansion, placed: TreeNode): boolean {
  return expansion.overrides.get(placed.node.id) ?? placed.depth < expansion.depth;
}

/** The rows on screen: the tree walked in order, skipping the children of closed nodes. */
export function visibleRows(tree: Tree, expansion: Expansion): TreeNode[] {
  const rows: TreeNode[] = [];
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const current = stack.pop()!;
    rows.push(current);
    if (!isExpanded(expansion, current)) continue;
    for (let index = current.children.length - 1; index >= 0; index--) stack.push(current.children[index]!);
  }
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

/** The first error after walk position `after` (from the top again past the last one). */
export function nextError(tree: Tree, after: number): TreeNode | null {
  return tree.errors.find((placed) => placed.order > after) ?? tree.errors[0] ?? null;
}

/** Where a bar starts and how wide it is, in percent of the trace's span. */
export function barGeometry(tree: Tree, placed: TreeNode): { left: number; width: number } {
  const span = Math.max(1, tree.end - tree.start);
  const left = ((placed.start - tree.start) / span) * 100;
  const width = (((placed.end ?? placed.start) - placed.start) / span) * 100;
  return { left: Math.max(0, Math.min(100, left)), width: Math.max(0, Math.min(100 - left, width)) };
}
