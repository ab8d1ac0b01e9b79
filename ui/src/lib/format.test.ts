import { formatCost, formatSeconds, formatTokens, UNKNOWN } from "./format";

describe("formatting", () => {
  it("shows unknown cost as a dash, never as zero", () => {
    expect(formatCost(null)).toBe(UNKNOWN);
    expect(formatCost(undefined)).toBe(UNKNOWN);
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.000042)).toBe("$0.000042");
    expect(formatCost(0.247)).toBe("$0.2470");
    expect(formatCost(12.5)).toBe("$12.50");
  });

  it("reads durations and tokens", () => {
    expect(formatSeconds(null)).toBe(UNKNOWN);
    expect(formatSeconds(0.85)).toBe("850 ms");
    expect(formatSeconds(2.345)).toBe("2.35 s");
    expect(formatSeconds(185)).toBe("3m 05s");
    expect(formatTokens(null)).toBe(UNKNOWN);
    expect(formatTokens(0)).toBe("0");
    expect(formatTokens(1234567)).toBe("1,234,567");
  });
});
