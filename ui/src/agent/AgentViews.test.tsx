import { fireEvent, render, screen } from "@testing-library/react";
import type { CheckpointDiff, ReplayEvent } from "../api/agents";
import { CommitChart } from "./CommitChart";
import { CheckpointDiffView } from "./DiffView";
import { StepDetail } from "./StepDetail";
import type { CommitPoint } from "./steps";

const event = (fields: Partial<ReplayEvent>): ReplayEvent => ({
  id: "e1", source: "terminal_command", type: "terminal_command", timestamp: "2026-01-01T00:00:00Z",
  endTime: null, durationMs: 1200, title: "pytest -x", status: "error", data: {}, ...fields,
}); // prettier-ignore

describe("CheckpointDiffView", () => {
  it("lists each changed file with its coloured diff, and says why a file has none", () => {
    const diff: CheckpointDiff = {
      checkpointId: "c2", againstId: "c1", added: ["logo.png"], removed: [], changed: ["a.py"], unchangedCount: 4,
      files: [
        { path: "a.py", status: "changed", oldSize: 6, newSize: 6, diff: "--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x = 1\n+x = 2\n", diffTruncated: false },
        { path: "logo.png", status: "added", oldSize: null, newSize: 2048, diff: null, diffTruncated: false },
      ],
    }; // prettier-ignore
    const { container } = render(<CheckpointDiffView diff={diff} />);
    expect(screen.getByText(/1 file added · 0 removed · 1 changed · 4 unchanged/)).toBeTruthy();
    const lines = screen.getByLabelText("Diff of a.py");
    expect(lines.querySelector(".diff-remove")?.textContent).toContain("-x = 1");
    expect(lines.querySelector(".diff-add")?.textContent).toContain("+x = 2");
    expect(container?.textContent).toContain("No line diff: binary, not stored");
    expect(container?.textContent).toContain("2.0 KB");
  });
});

describe("CommitChart", () => {
  it("draws a dot per commit and marks only those the server named for this metric", () => {
    const points: CommitPoint[] = [
      { sha: "a", label: "a", message: null, costPerTrace: 0.01, latency: 2, regressions: [] },
      { sha: "b", label: "b", message: "slower", costPerTrace: 0.01, latency: 9, regressions: ["latency"] },
      { sha: "c", label: "c", message: null, costPerTrace: null, latency: 3, regressions: [] },
    ];
    const { container, rerender } = render(
      <CommitChart title="Latency" points={points} metric="latency" value={(p) => p.latency} format={String} />,
    );
    expect(container.querySelectorAll(".commit-dot")).toHaveLength(3);
    expect(container.querySelector(".commit-dot.regression")?.getAttribute("data-sha")).toBe("b");
    expect(container.querySelector(".commit-dot.regression title")?.textContent).toContain("regression (latency)");
    rerender(<CommitChart title="Cost" points={points} metric="cost" value={(p) => p.costPerTrace} format={String} />);
    // Unknown cost draws no dot (not a zero), and latency's regression is not cost's.
    expect(container.querySelectorAll(".commit-dot")).toHaveLength(2);
    expect(container.querySelector(".commit-dot.regression")).toBeNull();
  });
});

describe("StepDetail", () => {
  it("shows a failed command's exit code and output", () => {
    render(
      <StepDetail
        step={event({ data: { command: "pytest", exitCode: 1, stdout: "1 failed", stderr: "boom", workingDirectory: "/repo" } })}
        onClose={() => undefined}
        onDiff={() => undefined}
      />,
    );
    expect(screen.getByLabelText("Command")?.textContent).toContain("$ pytest -x");
    expect(screen.getByText("1", { selector: "b" }).classList.contains("level-error")).toBe(true);
    expect(screen.getByText("1 failed")).toBeTruthy();
    expect(screen.getByText("boom")).toBeTruthy();
  });

  it("shows a file edit's diff preview, and a checkpoint's button asks for its diff", () => {
    const { rerender } = render(
      <StepDetail
        step={event({ type: "file_operation", source: "file_operation", title: "update a.py", status: "success",
          data: { operation: "update", filePath: "a.py", linesAdded: 1, linesRemoved: 1, diffPreview: "-a\n+b\n" } })}
        onClose={() => undefined}
        onDiff={() => undefined}
      />,
    ); // prettier-ignore
    expect(screen.getByLabelText("Diff preview").querySelector(".diff-add")?.textContent).toContain("+b");
    const onDiff = vi.fn();
    rerender(
      <StepDetail
        step={event({ id: "cp-2", type: "checkpoint", source: "checkpoint", title: "after", status: "success",
          data: { checkpointId: "cp-2", checkpointType: "post_edit", totalFiles: 3 } })}
        onClose={() => undefined}
        onDiff={onDiff}
      />,
    ); // prettier-ignore
    fireEvent.click(screen.getByRole("button", { name: "Diff with the previous checkpoint" }));
    expect(onDiff).toHaveBeenCalledWith("cp-2");
  });
});
