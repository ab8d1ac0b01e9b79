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

  it("is empty for null", () => {
    expect(previewText(null)).toBe("");
  });
});
