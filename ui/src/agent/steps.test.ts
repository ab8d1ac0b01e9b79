import type { AgentCheckpoint, BranchCommit } from "../api/agents";
import { commitPoints, diffLines, formatOffset, offsetMs, previousCheckpoint, regressed, stepKind } from "./steps";

const checkpoint = (id: string, createdAt: string) =>
  ({ id, name: id, type: "auto", createdAt, gitCommitSha: null, gitBranch: null, totalFiles: 1, storedFiles: 1, totalSizeBytes: 1 }) as AgentCheckpoint;

describe("stepKind", () => {
  it("tells the replay's event types apart", () => {
    expect(stepKind({ type: "llm_call", source: "observation" })).toBe("llm");
    expect(stepKind({ type: "tool_call", source: "observation" })).toBe("tool");
    expect(stepKind({ type: "file_operation", source: "file_operation" })).toBe("edit");
    expect(stepKind({ type: "terminal_command", source: "terminal_command" })).toBe("command");
    expect(stepKind({ type: "checkpoint", source: "checkpoint" })).toBe("checkpoint");
    expect(stepKind({ type: "git_operation", source: "git_link" })).toBe("git");
    expect(stepKind({ type: "agent_thought", source: "observation" })).toBe("other");
  });
});

describe("offsets", () => {
  it("measures from the run's first step and writes it short", () => {
    expect(offsetMs({ timestamp: "2026-01-01T00:00:01.500Z" }, "2026-01-01T00:00:00.000Z")).toBe(1500);
    expect(offsetMs({ timestamp: "2026-01-01T00:00:00Z" }, undefined)).toBeNull();
    expect(formatOffset(250)).toBe("+250 ms");
    expect(formatOffset(12_340)).toBe("+12.3 s");
    expect(formatOffset(125_000)).toBe("+2 m 05 s");
    expect(formatOffset(null)).toBe("–");
  });
});

describe("previousCheckpoint", () => {
  it("is the one taken just before, whatever order they arrive in", () => {
    const list = [checkpoint("c", "2026-01-01T00:00:03Z"), checkpoint("a", "2026-01-01T00:00:01Z"), checkpoint("b", "2026-01-01T00:00:02Z")];
    expect(previousCheckpoint(list, "c")?.id).toBe("b");
    expect(previousCheckpoint(list, "b")?.id).toBe("a");
    expect(previousCheckpoint(list, "a")).toBeNull();
  });
});

describe("commitPoints", () => {
  it("puts the timeline oldest first with cost per trace, keeping the server's regressions", () => {
    const commit = (sha: string, totalCost: number | null, traceCount: number, regressions: string[]): BranchCommit => ({
      commitSha: sha, commitTime: "2026-01-01T00:00:00Z", commitMessage: null, traceCount, totalCost,
      avgLatency: 1, errorCount: 0, delta: null, regressions, traces: [],
    }); // prettier-ignore
    const points = commitPoints([commit("bbbbbbbbb", 0.3, 3, ["cost"]), commit("aaaaaaaaa", null, 2, [])]);
    expect(points.map((p) => p.label)).toEqual(["aaaaaaa", "bbbbbbb"]);
    expect(points[0]!.costPerTrace).toBeNull();
    expect(points[1]!.costPerTrace).toBeCloseTo(0.1);
    expect(regressed(points[1]!, "cost")).toBe(true);
    expect(regressed(points[1]!, "latency")).toBe(false);
  });
});

describe("diffLines", () => {
  it("classes each line of a unified diff", () => {
    expect(diffLines("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same\n").map((l) => l.kind)).toEqual([
      "file", "file", "hunk", "remove", "add", "context",
    ]); // prettier-ignore
  });
});
