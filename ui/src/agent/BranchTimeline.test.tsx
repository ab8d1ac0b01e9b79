import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { BranchCommit } from "../api/agents";
import { mockClient, renderWith } from "../test/mockClient";
import { BranchTimeline } from "./BranchTimeline";

const commit = (sha: string, regressions: string[] = []): BranchCommit => ({
  commitSha: sha, commitTime: "2026-01-01T00:00:00Z", commitMessage: `message ${sha}`, traceCount: 2,
  totalCost: 0.2, avgLatency: 1.5, errorCount: 0, delta: null, regressions, traces: [{ id: `t-${sha}`, name: null }],
}); // prettier-ignore

describe("BranchTimeline", () => {
  it("pages older commits in on request, charting all it holds", async () => {
    const { client, asked } = mockClient({
      BranchTimeline: (variables) => ({
        gitTimeline:
          variables.after === null
            ? { pageInfo: { hasNextPage: true, endCursor: "c1" }, nodes: [commit("new2", ["latency", "score:acc"]), commit("new1")] }
            : { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [commit("old1")] },
      }),
    });
    const { container } = render(renderWith(client, "/", <BranchTimeline projectId="p1" traceId="t-new2" branch="main" repoUrl={null} current={["new2"]} />).tree);
    const table = await screen.findByRole("table", { name: "Commits" });
    expect(table.querySelectorAll("tbody tr")).toHaveLength(2);
    // A score that fell is marked down, latency up.
    expect(table.querySelector("tr.regressed")?.textContent).toContain("latency ↑score:acc ↓");
    fireEvent.click(screen.getByRole("button", { name: "Show older commits" }));
    await waitFor(() => expect(table.querySelectorAll("tbody tr")).toHaveLength(3));
    expect(asked.map((a) => a.variables.after)).toEqual([null, "c1"]);
    expect(screen.queryByRole("button", { name: "Show older commits" })).toBeNull();
    // Every other commit's run links a comparison with this one (baseline first).
    const links = [...table.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual([
      "/project/p1/agent-runs/compare?a=t-new1&b=t-new2",
      "/project/p1/agent-runs/compare?a=t-old1&b=t-new2",
    ]);
    // Oldest first on the charts: one dot per commit in each.
    expect(container.querySelectorAll('[aria-label="Mean latency"] .commit-dot')).toHaveLength(3);
    expect(container.querySelector('[aria-label="Mean latency"] .commit-dot')?.getAttribute("data-sha")).toBe("old1");
  });
});
