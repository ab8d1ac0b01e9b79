import { render, screen } from "@testing-library/react";
import type { ComparedItem } from "../api/datasets";
import { mockClient, renderWith } from "../test/mockClient";
import { bestRun, chosenRuns, formatScore, scoreNames } from "./compare";
import { RunComparison } from "./RunComparison";

const run = (id: string, name: string) => ({ id, name, description: null, createdAt: "2026-01-01T00:00:00Z", summary: null });
const item = (id: string, a: number | null, b: number | string): ComparedItem => ({
  datasetItemId: id, input: { q: id }, expectedOutput: `answer ${id}`,
  results: [
    { runId: "r1", traceId: `t1-${id}`, observationId: null, output: `one says ${id}`, latency: 1.5, totalCost: null, scores: a === null ? {} : { acc: a } },
    { runId: "r2", traceId: `t2-${id}`, observationId: null, output: `two says ${id}`, latency: 0.5, totalCost: 0.002, scores: { acc: b, tone: "kind" } },
  ],
}); // prettier-ignore

describe("compare helpers", () => {
  it("marks the best numeric score of an item, never a tie", () => {
    expect(bestRun(item("x", 0.2, 0.9), "acc")).toBe("r2");
    expect(bestRun(item("x", 0.9, 0.9), "acc")).toBeNull();
    expect(bestRun(item("x", null, "good"), "acc")).toBeNull();
    expect(scoreNames([item("x", 1, 1)])).toEqual(["acc", "tone"]);
    expect([formatScore(0.5), formatScore("kind"), formatScore(null)]).toEqual(["0.50", "kind", "–"]);
  });

  it("keeps the URL's runs to the dataset's, else its two newest", () => {
    const runs = [run("r3", "c"), run("r2", "b"), run("r1", "a")];
    expect(chosenRuns("r1,zzz", runs)).toEqual(["r1"]);
    expect(chosenRuns(null, runs)).toEqual(["r3", "r2"]);
  });
});

describe("RunComparison", () => {
  it("puts each item's results side by side in the order of the runs", () => {
    const { client, asked } = mockClient({
      DatasetRunsCompared: () => ({
        datasetRunComparison: { datasetId: "d", runs: [run("r1", "first"), run("r2", "second")], items: [item("i1", 0.2, 0.9)] },
      }),
    });
    render(renderWith(client, "/", <RunComparison projectId="p1" datasetId="d" runIds={["r1", "r2"]} />).tree);
    expect(asked).toEqual([{ name: "DatasetRunsCompared", variables: { datasetId: "d", runIds: ["r1", "r2"] } }]);
    const table = screen.getByRole("table", { name: "Run comparison" });
    expect([...table.querySelectorAll("th.run-head")].map((th) => th.firstChild?.textContent)).toEqual(["first", "second"]);
    const cells = table.querySelectorAll("td.result-cell");
    expect(cells[0]!.textContent).toContain("one says i1");
    // Unknown cost is a dash, never $0.
    expect(cells[0]!.textContent).toContain("1.50 s · – ·");
    expect(cells[1]!.querySelector(".chip.best")?.textContent).toBe("acc: 0.90");
    expect(cells[0]!.querySelector(".chip.best")).toBeNull();
    expect(cells[1]!.querySelector("a")?.getAttribute("href")).toBe("/project/p1/traces/t2-i1");
  });
});
