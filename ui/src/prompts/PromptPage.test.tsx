import { render, screen } from "@testing-library/react";
import type { PromptVersion } from "../api/prompts";
import { mockClient, renderWith } from "../test/mockClient";
import { PromptPage } from "./PromptPage";

const version = (n: number, text: string, labels: string[]): PromptVersion => ({
  id: `v${n}`, version: n, type: "chat", labels, tags: [], commitMessage: `change ${n}`, createdBy: "API",
  createdAt: "2026-01-01T00:00:00Z", config: { temperature: n / 10 },
  prompt: [{ role: "system", content: text }, { type: "placeholder", name: "history" }],
}); // prettier-ignore

const answers = {
  PromptVersions: () => ({
    prompts: {
      pageInfo: { hasNextPage: false, endCursor: null },
      nodes: [{
        id: "p", name: "reviewer", type: "chat", tags: ["team"], labels: ["latest", "production"],
        versionNumbers: [1, 2, 3], latestVersion: 3, lastUpdatedAt: "2026-01-01T00:00:00Z",
        versions: [version(3, "Be kind.\nBe brief.", ["latest"]), version(2, "Be brief.", ["production"]), version(1, "Hi", [])],
      }],
    },
  }),
}; // prettier-ignore

describe("PromptPage", () => {
  it("shows the newest version, diffed against the one before it", () => {
    const { client } = mockClient(answers);
    render(renderWith(client, "/project/p1/prompts/reviewer", <PromptPage projectId="p1" name="reviewer" />).tree);
    expect(screen.getByRole("heading", { name: /Version 3/ })).toBeTruthy();
    const diff = screen.getByRole("table", { name: "Prompt diff v2 to v3" });
    expect([...diff.querySelectorAll("tr.diff-add")].map((row) => row.querySelector(".line")?.textContent)).toEqual(["Be kind."]);
    expect(diff.querySelectorAll("tr.diff-remove")).toHaveLength(0);
    // Placeholders are named, and the config's change is its own diff.
    expect(diff.textContent).toContain("[placeholder: history]");
    expect(screen.getByRole("table", { name: "Config diff" }).textContent).toContain('"temperature": 0.3');
    // `latest` is the server's: the label editor holds the version's own labels only.
    expect((screen.getByLabelText("Version labels") as HTMLInputElement).value).toBe("");
  });

  it("shows the version and the comparison the URL asks for", () => {
    const { client } = mockClient(answers);
    render(renderWith(client, "/project/p1/prompts/reviewer?version=2&compare=none", <PromptPage projectId="p1" name="reviewer" />).tree);
    expect(screen.getByRole("heading", { name: /Version 2/ })).toBeTruthy();
    expect((screen.getByLabelText("Version labels") as HTMLInputElement).value).toBe("production");
    expect(screen.queryByRole("table", { name: /Prompt diff/ })).toBeNull();
    expect(screen.getByText(/nothing before it to compare with/)).toBeTruthy();
  });
});
