import { skeletonNodes } from "./useSkeleton";
import { buildTree, visibleRows } from "./tree";

describe("the skeleton's columns", () => {
  it("zip into one node per row, and build the tree at once", () => {
    const nodes = skeletonNodes({
      truncated: false,
      ids: ["root", "child", "late"],
      parentIds: [null, "root", "gone"],
      types: ["AGENT", "GENERATION", "SPAN"],
      names: ["run", null, "orphan"],
      startTimes: [1_000, 1_500, 2_000],
      endTimes: [3_000, null, 2_500],
      levels: ["DEFAULT", "ERROR", "DEFAULT"],
      totalTokens: [0, 42, 0],
      totalCosts: [null, 0.5, null],
    });
    expect(nodes[1]).toEqual({
      id: "child",
      parentObservationId: "root",
      type: "GENERATION",
      name: null,
      startTime: 1_500,
      endTime: null,
      level: "ERROR",
      totalTokens: 42,
      totalCost: 0.5,
    });
    const tree = buildTree(nodes);
    expect(tree.size).toBe(3);
    expect(tree.errorCount).toBe(1);
    expect([tree.start, tree.end]).toEqual([1_000, 3_000]);
    // A parent that never came leaves its child at the top.
    const rows = visibleRows(tree, { depth: 5, overrides: new Map() });
    expect(rows.map((row) => [row.node.id, row.depth])).toEqual([
      ["root", 0],
      ["child", 1],
      ["late", 0],
    ]);
  });

  it("zip 20,000 rows quickly", () => {
    const count = 20_000;
    const ids = Array.from({ length: count }, (_, index) => `o${index}`);
    const started = performance.now();
    const nodes = skeletonNodes({
      truncated: false,
      ids,
      parentIds: ids.map((_, index) => (index === 0 ? null : `o${Math.floor((index - 1) / 4)}`)),
      types: ids.map(() => "SPAN"),
      names: ids,
      startTimes: ids.map((_, index) => index),
      endTimes: ids.map((_, index) => index + 1),
      levels: ids.map(() => "DEFAULT"),
      totalTokens: ids.map(() => 0),
      totalCosts: ids.map(() => null),
    });
    const tree = buildTree(nodes);
    expect(tree.size).toBe(count);
    expect(tree.maxDepth).toBeGreaterThan(5);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
