import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { AgentCheckpoint } from "../api/agents";
import { mockClient, renderWith } from "../test/mockClient";
import { AgentRunPage } from "./AgentRunPage";

const checkpoint = (id: string, name: string, second: number): AgentCheckpoint => ({
  id, name, type: "auto", createdAt: `2026-01-01T00:00:0${second}Z`, gitCommitSha: null, gitBranch: null,
  totalFiles: 1, storedFiles: 1, totalSizeBytes: 10,
}); // prettier-ignore

const answers = {
  AgentRunView: () => ({
    trace: {
      id: "t1", name: "fix", timestamp: "2026-01-01T00:00:00Z", sessionId: null, level: "DEFAULT", latency: 3,
      totalCost: null, gitCommitSha: null, gitBranch: null, gitRepoUrl: null,
      checkpoints: [checkpoint("cp2", "after", 5), checkpoint("cp1", "before", 1)],
      gitLinks: [{ id: "g", commitSha: "abc1234567", parentSha: null, branch: "feat", repoUrl: null, commitMessage: "fix it",
        commitAuthor: null, commitTimestamp: "2026-01-01T00:00:09Z", linkType: "commit", filesChangedCount: 1, additions: 2, deletions: 0 }],
      ciRuns: [],
    },
    replay: {
      summary: { durationMs: 9000, totalCost: null, totalTokens: 0, eventCount: 0, llmCalls: 0, toolCalls: 0, errors: 0,
        filesTouched: [], fileOperations: 0, commandsRun: 3, commandsFailed: 1, checkpoints: 2, commits: ["abc1234567"] },
      events: [],
    },
  }),
  CheckpointDiff: (variables: Record<string, unknown>) => ({
    checkpointDiff: { checkpointId: variables.checkpointId, againstId: variables.againstId, added: [], removed: [],
      changed: ["a.py"], unchangedCount: 0, files: [{ path: "a.py", status: "changed", oldSize: 1, newSize: 2, diff: "-a\n+b\n", diffTruncated: false }] },
  }),
  BranchTimeline: () => ({
    gitTimeline: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [
      { commitSha: "abc1234567", commitTime: "2026-01-01T00:00:09Z", commitMessage: "fix it", traceCount: 1, totalCost: 0.5,
        avgLatency: 3, errorCount: 0, delta: null, regressions: ["cost"], traces: [{ id: "t1", name: null }] },
      { commitSha: "0001234567", commitTime: "2026-01-01T00:00:01Z", commitMessage: "start", traceCount: 1, totalCost: 0.1,
        avgLatency: 3, errorCount: 0, delta: null, regressions: [], traces: [{ id: "t0", name: null }] },
    ] },
  }),
}; // prettier-ignore

describe("AgentRunPage", () => {
  it("sums the run, diffs a checkpoint against the one before it, and reads the branch of its commits", async () => {
    const { client, asked } = mockClient(answers);
    const { tree, location } = renderWith(client, "/project/p1/traces/t1/agent", <AgentRunPage projectId="p1" traceId="t1" />);
    render(tree);
    expect(screen.getByLabelText("Run summary").textContent).toContain("3 commands 1 failed");
    // The run's branch comes from its commit links; the run's own commit is marked.
    const commits = await screen.findByRole("table", { name: "Commits" });
    expect(asked.find((a) => a.name === "BranchTimeline")?.variables).toEqual({ branch: "feat", repoUrl: null, first: 50, after: null });
    expect(commits.querySelector("tr.regressed")?.textContent).toContain("this run");
    expect(commits.querySelector("tr.regressed")?.textContent).toContain("cost ↑");

    fireEvent.click(screen.getByRole("button", { name: "Diff with “before”" }));
    await waitFor(() => expect(location.history.at(-1)).toBe("/project/p1/traces/t1/agent?checkpoint=cp2&against=cp1"));
    await waitFor(() => expect(screen.getByLabelText("Diff of a.py").textContent).toContain("+b"));
    expect(asked.find((a) => a.name === "CheckpointDiff")?.variables).toEqual({ checkpointId: "cp2", againstId: "cp1" });
  });
});
