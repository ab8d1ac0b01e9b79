import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { EvaluatorView } from "../api/evaluators";
import { mockClient, renderWith } from "../test/mockClient";
import { EvaluatorPage } from "./EvaluatorPage";
import { outcomeSummary, statusText } from "./format";

const stats = (outcomes: Record<string, number>, jobs: Record<string, number> = {}) => ({
  outcomes: { scored: 0, failed: 0, mapping_missing: 0, skipped: 0, queued: 0, filtered_out: 0, sampled_out: 0, ...outcomes },
  jobs: { pending: 0, running: 0, completed: 0, failed: 0, skipped: 0, ...jobs },
  failures: jobs.failed ?? 0, averageScore: null, lastRunAt: null,
}); // prettier-ignore

const evaluator = (more: Partial<EvaluatorView>): EvaluatorView => ({
  id: "ev1", name: "says yes", description: null, type: "rule", target: "trace",
  config: { operator: "contains", source: "output", value: "yes" }, templateId: null, prompt: null,
  variableMapping: {}, filter: { traceNames: ["qa"] }, sampling: 1, scoreName: "says yes",
  scoreDataType: "BOOLEAN", scoreCategories: null, enabled: true, status: "active", statusReason: null,
  stats: stats({}), createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z", ...more,
}); // prettier-ignore

const noJobs = () => ({ evaluationJobs: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } });

describe("EvaluatorPage", () => {
  it("explains a rule with no scores: where its subjects went, by outcome", async () => {
    const { client } = mockClient({
      EvaluatorView: () => ({ evaluator: evaluator({ stats: stats({ filtered_out: 7, sampled_out: 2, mapping_missing: 1 }, { skipped: 1 }) }) }),
      EvaluatorJobs: noJobs,
    });
    render(renderWith(client, "/project/p1/evaluators/ev1", <EvaluatorPage projectId="p1" evaluatorId="ev1" />).tree);
    const outcomes = screen.getByRole("table", { name: "Outcomes" });
    const row = (label: string) => [...outcomes.querySelectorAll("tr")].find((tr) => tr.querySelector("th")?.textContent === label);
    expect(row("filtered out")?.textContent).toContain("7");
    expect(row("filtered out")?.textContent).toContain("did not match the filter");
    expect(row("sampled out")?.textContent).toContain("2");
    expect(row("mapping missing")?.textContent).toContain("1");
    expect(row("scored")?.querySelector(".num")?.textContent).toBe("0");
    expect(screen.getByRole("tab", { name: "skipped (1)" })).toBeTruthy();
    expect(await screen.findByText("No jobs yet.")).toBeTruthy();
  });

  it("says why a paused evaluator does not run, and filters its jobs by status", async () => {
    const { client, asked } = mockClient({
      EvaluatorView: () => ({ evaluator: evaluator({ status: "paused", statusReason: "the judge refused the key (401)", stats: stats({ failed: 3 }, { failed: 3 }) }) }),
      EvaluatorJobs: noJobs,
    }); // prettier-ignore
    render(renderWith(client, "/project/p1/evaluators/ev1?status=failed", <EvaluatorPage projectId="p1" evaluatorId="ev1" />).tree);
    expect(screen.getByLabelText("Status").textContent).toBe("paused: the judge refused the key (401)");
    await waitFor(() => expect(asked.filter((a) => a.name === "EvaluatorJobs").map((a) => a.variables.status)).toEqual(["failed"]));
    expect(await screen.findByText("No failed jobs.")).toBeTruthy();
    fireEvent.click(screen.getByRole("tab", { name: /^all/ }));
    await waitFor(() => expect(asked.filter((a) => a.name === "EvaluatorJobs").map((a) => a.variables.status)).toEqual(["failed", null]));
  });

  it("sums up outcomes and status for the list", () => {
    expect(outcomeSummary(stats({ scored: 3, filtered_out: 2 }).outcomes, ["scored", "failed", "filtered_out"])).toBe("scored 3 · filtered out 2");
    expect(outcomeSummary(stats({}).outcomes, ["scored"])).toBe("nothing checked yet");
    expect(statusText({ status: "active", statusReason: null })).toBe("active");
  });
});
