import type { SkeletonNode } from "../api/types";
import { barGeometry, buildTree, nextError, reveal, TreeBuilder, visibleRows, type Expansion } from "./tree";

function node(id: string, parent: string | null, startSecond: number, level: SkeletonNode["level"] = "DEFAULT"): SkeletonNode {
  const start = new Date(Date.UTC(2026, 0, 1, 0, 0, startSecond));
  return {
    id,
    parentObservationId: parent,
    type: "SPAN",
    name: id,
    startTime: start.getTime(),
    endTime: start.getTime() + 1000,
    level,
    totalCost: null,
    totalTokens: 0,
  };
}

const closedPast = (depth: number): Expansion => ({ depth, overrides: new Map() });
const ids = (rows: readonly { node: SkeletonNode }[]) => rows.map((row) => row.node.id);

describe("buildTree", () => {
  const nodes = [node("a", null, 0), node("b", "a", 1), node("c", "b", 2, "ERROR"), node("d", null, 3), node("e", "a", 4, "ERROR")];

  it("nests by parent, walks depth-first and finds errors in walk order", () => {
    const tree = buildTree(nodes);
    expect(ids(tree.roots)).toEqual(["a", "d"]);
    expect(ids(visibleRows(tree, closedPast(Infinity)))).toEqual(["a", "b", "c", "e", "d"]);
    expect(tree.maxDepth).toBe(2);
    expect(tree.errorCount).toBe(2);
  });

  it("collapses past a depth, opens a hidden node's ancestors, and jumps from error to error", () => {
    const tree = buildTree(nodes);
    const collapsed = closedPast(1);
    expect(ids(visibleRows(tree, collapsed))).toEqual(["a", "b", "e", "d"]);
    const first = nextError(tree, null)!;
    expect(first.node.id).toBe("c");
    expect(ids(visibleRows(tree, reveal(collapsed, first)))).toContain("c");
    expect(nextError(tree, "c")!.node.id).toBe("e");
    expect(nextError(tree, "e")!.node.id).toBe("c");
    expect(nextError(tree, "d")!.node.id).toBe("c");
  });

  it("puts observations whose parent is missing at the top and cuts parent cycles", () => {
    const tree = buildTree([node("orphan", "not-loaded", 0), node("x", "y", 1), node("y", "x", 2)]);
    expect(ids(visibleRows(tree, closedPast(Infinity)))).toEqual(["orphan", "x", "y"]);
    expect(tree.size).toBe(3);
  });

  it("grows page by page, moving early children under a parent that arrives later", () => {
    const builder = new TreeBuilder();
    const first = builder.add([node("root", null, 0), node("late-child", "late-parent", 1)]);
    expect(ids(first.roots)).toEqual(["root", "late-child"]);
    const second = builder.add([node("late-parent", "root", 2), node("sibling", "late-parent", 0)]);
    expect(ids(second.roots)).toEqual(["root"]);
    expect(ids(visibleRows(second, closedPast(Infinity)))).toEqual(["root", "late-parent", "sibling", "late-child"]);
    expect(second.byId.get("late-child")!.depth).toBe(2);
    expect(builder.add([node("root", null, 0)]).size).toBe(4);
  });

  it("handles deep nesting without recursion", () => {
    const chain = Array.from({ length: 5000 }, (_, index) => node(`n${index}`, index ? `n${index - 1}` : null, index));
    const tree = buildTree(chain);
    expect(tree.maxDepth).toBe(4999);
    expect(visibleRows(tree, closedPast(Infinity))).toHaveLength(5000);
  });

  it("places bars against the trace's span", () => {
    const tree = buildTree([node("a", null, 0), node("b", "a", 9)]);
    expect(barGeometry(tree, tree.byId.get("b")!)).toEqual({ left: 90, width: 10 });
  });
});
