import { lineDiff, promptText } from "./lineDiff";

describe("lineDiff", () => {
  it("keeps common lines and marks what was removed and added, with line numbers", () => {
    const ops = lineDiff("a\nb\nc\nd", "a\nB\nc\nd\ne")!;
    expect(ops.map((op) => `${op.kind[0]} ${op.text}`)).toEqual(["s a", "r b", "a B", "s c", "s d", "a e"]);
    expect(ops.find((op) => op.text === "B")).toEqual({ kind: "add", text: "B", oldLine: null, newLine: 2 });
    expect(ops.find((op) => op.text === "d")).toEqual({ kind: "same", text: "d", oldLine: 4, newLine: 4 });
  });

  it("answers every line as the same for equal texts, and all added from nothing", () => {
    expect(lineDiff("x\ny", "x\ny")!.every((op) => op.kind === "same")).toBe(true);
    expect(lineDiff("", "one")!.map((op) => op.kind)).toEqual(["remove", "add"]);
  });

  it("gives up (null) past its table size rather than freezing the page", () => {
    const big = (seed: string) => Array.from({ length: 3000 }, (_, i) => `${seed}${i}`).join("\n");
    expect(lineDiff(big("a"), big("b"))).toBeNull();
  });
});

describe("promptText", () => {
  it("writes chat messages by role and placeholders by name", () => {
    expect(
      promptText([
        { role: "system", content: "Be brief." },
        { type: "placeholder", name: "history" },
        { role: "user", content: "{{question}}" },
      ]),
    ).toBe("[system]\nBe brief.\n\n[placeholder: history]\n\n[user]\n{{question}}");
    expect(promptText("Hello {{name}}")).toBe("Hello {{name}}");
  });
});
