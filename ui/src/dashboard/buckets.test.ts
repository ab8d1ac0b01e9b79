import { bucketLabel, dashboardVariables } from "./buckets";

describe("the dashboard's range", () => {
  const now = new Date("2026-05-01T10:00:00.000Z");

  it("asks the server for the range ending now, cut in buckets of its width", () => {
    expect(dashboardVariables("24h", "prod", now)).toEqual({
      filter: {
        fromTimestamp: "2026-04-30T10:00:00.000Z",
        toTimestamp: "2026-05-01T10:00:00.000Z",
        environments: ["prod"],
      },
      bucket: "HOUR",
    });
    expect(dashboardVariables("1h", "", now).bucket).toBe("MINUTE_5");
    expect(dashboardVariables("30d", "", now)).toMatchObject({ bucket: "DAY", filter: { fromTimestamp: "2026-04-01T10:00:00.000Z" } });
  });

  it("labels bars by time of day, or by date for day buckets", () => {
    const start = new Date(2026, 4, 1, 9, 5).toISOString();
    expect(bucketLabel(start, "MINUTE_5")).toBe("09:05");
    expect(bucketLabel(start, "DAY")).toBe("05-01");
  });
});
