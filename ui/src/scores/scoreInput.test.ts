import { scoreInput } from "./scoreInput";

describe("scoreInput", () => {
  const target = { traceId: "t1", observationId: "o1" };

  it("makes an ANNOTATION score of each type", () => {
    expect(scoreInput({ name: " quality ", dataType: "NUMERIC", value: "0.5", comment: "ok" }, target)).toEqual({
      name: "quality",
      dataType: "NUMERIC",
      source: "ANNOTATION",
      traceId: "t1",
      observationId: "o1",
      comment: "ok",
      value: 0.5,
    });
    expect(scoreInput({ name: "ok", dataType: "BOOLEAN", value: "false", comment: "" }, target)).toMatchObject({ value: 0 });
    expect(scoreInput({ name: "tone", dataType: "CATEGORICAL", value: "polite", comment: "" }, target)).toMatchObject({
      stringValue: "polite",
    });
  });

  it("says what is missing", () => {
    expect(scoreInput({ name: "", dataType: "NUMERIC", value: "1", comment: "" }, target)).toEqual({ error: "Give the score a name." });
    expect(scoreInput({ name: "q", dataType: "NUMERIC", value: "high", comment: "" }, target)).toEqual({
      error: "The value must be a number.",
    });
  });
});
