import { render, screen } from "@testing-library/react";
import type { ReplaySummary } from "../api/agents";
import { mockClient, renderWith } from "../test/mockClient";
import { CompareRunsPage, signed } from "./CompareRunsPage";

const summary = (fields: Partial<ReplaySummary>): ReplaySummary => ({
  durationMs: 2000, totalCost: 0.01, totalTokens: 100, eventCount: 3, llmCalls: 1, toolCalls: 1, errors: 0,
  filesTouched: ["a.py"], fileOperations: 1, commandsRun: 1, commandsFailed: 0, checkpoints: 0, commits: [], ...fields,
}); // prettier-ignore

describe("CompareRunsPage", () => {
  it("puts two runs' figures side by side with the change, and what only one did", async () => {
    const { client, asked } = mockClient({
      AgentRunsCompared: () => ({
        compareReplays: {
          traceId1: "old", traceId2: "new",
          summary1: summary({}), summary2: summary({ totalCost: null, durationMs: 9000, commandsFailed: 1, filesTouched: ["a.py", "b.py"] }),
          differences: [
            { type: "removed", eventType: "tool_call", description: "tool-search", count: 1 },
            { type: "added", eventType: "terminal_command", description: "pytest", count: 2 },
          ],
          files: { onlyIn1: [], onlyIn2: ["b.py"], inBoth: ["a.py"] },
          deltas: { totalCost: null, durationMs: 7000, latency: 7, totalTokens: 0, errors: 0, commandsFailed: 1, scores: { acc: -0.25 } },
        },
      }),
    }); // prettier-ignore
    render(renderWith(client, "/project/p1/agent-runs/compare?a=old&b=new", <CompareRunsPage projectId="p1" />).tree);
    const table = await screen.findByRole("table", { name: "Runs compared" });
    expect(asked[0]!.variables).toEqual({ traceId1: "old", traceId2: "new" });
    const row = (label: string) => [...table.querySelectorAll("tr")].find((tr) => tr.querySelector("th")?.textContent === label)!;
    expect(row("Duration").textContent).toContain("+7.00 s");
    expect(row("Duration").className).toBe("grew");
    // An unknown cost is unknown on its side and in the change, never $0.
    expect(row("Cost").textContent).toBe("Cost$0.0100––");
    expect(row("Failed commands").className).toBe("grew");
    expect(row("score acc").textContent).toContain("−0.25");
    expect(screen.getByRole("list", { name: "Only in the first run" }).textContent).toContain("tool-search");
    expect(screen.getByRole("list", { name: "Only in the second run" }).textContent).toContain("pytest ×2");
  });

  it("signs a change", () => {
    expect([signed(1.5, String), signed(-2, String), signed(0, String), signed(null, String)]).toEqual(["+1.5", "−2", "±0", "–"]);
  });
});
