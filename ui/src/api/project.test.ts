import { expiryWarning } from "./project";

describe("the key's expiry warning", () => {
  const now = new Date("2026-05-01T10:00:00.000Z");

  it("says nothing for a key without an end or far from it", () => {
    expect(expiryWarning(null, now)).toBeNull();
    expect(expiryWarning("2026-06-01T10:00:00.000Z", now)).toBeNull();
  });

  it("warns within a week, in days then hours", () => {
    expect(expiryWarning("2026-05-04T11:00:00.000Z", now)).toBe("this key expires in 3 days");
    expect(expiryWarning("2026-05-01T15:30:00.000Z", now)).toBe("this key expires in 5 h");
    expect(expiryWarning("2026-05-01T09:00:00.000Z", now)).toBe("this key has expired");
  });
});
