import { render, screen } from "@testing-library/react";
import { mockClient, renderWith } from "../test/mockClient";
import { TraceEvaluations } from "./TraceEvaluations";

const evaluation = (evaluatorId: string, evaluatorName: string, outcome: string, reason: string | null, scoreValue: number | null = null) => ({
  evaluatorId, evaluatorName, subject: "trace:t1", observationId: null, outcome, reason, jobId: null, scoreId: null, scoreValue, updatedAt: null,
}); // prettier-ignore

describe("TraceEvaluations", () => {
  it("shows what each evaluator made of the trace, with why", () => {
    const { client } = mockClient({
      TraceEvaluationPanel: () => ({
        trace: {
          id: "t1",
          evaluations: [
            evaluation("ev1", "says yes", "scored", null, 1),
            evaluation("ev2", "qa only", "filtered_out", "trace name 'other' is not one of ['qa']"),
          ],
        },
      }),
    });
    render(renderWith(client, "/project/p1/traces/t1", <TraceEvaluations projectId="p1" traceId="t1" />).tree);
    const rows = [...screen.getByRole("table", { name: "Evaluations" }).querySelectorAll("tr")];
    expect(rows.map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ["says yes", "scored 1", ""],
      ["qa only", "filtered out", "trace name 'other' is not one of ['qa']"],
    ]);
    expect(screen.getByRole("link", { name: "qa only" }).getAttribute("href")).toBe("/project/p1/evaluators/ev2");
  });

  it("says when no evaluator looked at it", () => {
    const { client } = mockClient({ TraceEvaluationPanel: () => ({ trace: { id: "t1", evaluations: [] } }) });
    render(renderWith(client, "/project/p1/traces/t1", <TraceEvaluations projectId="p1" traceId="t1" />).tree);
    expect(screen.getByText("No evaluator has looked at this trace.")).toBeTruthy();
  });
});
