import { describe, expect, it } from "vitest";
import { previewText } from "./preview";
import table from "./preview.cases.json";

// The same cases as the server's tests/unit/test_previews.py: one rule, two places.
describe("previewText", () => {
  for (const { name, value, preview } of table.cases) {
    it(name, () => {
      expect(previewText(value)).toBe(preview);
    });
  }

  it("is empty for null, and cuts at any limit", () => {
    expect(previewText(null)).toBe("");
    expect(previewText("a".repeat(300), 10)).toBe(`${"a".repeat(9)}…`);
  });
});
