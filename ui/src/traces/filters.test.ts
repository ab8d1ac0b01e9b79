import { readListState, toFilterInput, toOrder, writeListState } from "./filters";

describe("trace list URL state", () => {
  it("round-trips filters and sort through the URL, leaving defaults out", () => {
    const search = new URLSearchParams("range=24h&name=chat&user=alice&tags=a,b&level=ERROR&env=prod&sort=cost:asc");
    const state = readListState(search);
    expect(state).toMatchObject({ range: "24h", name: "chat", userId: "alice", tags: ["a", "b"], level: "ERROR" });
    expect(writeListState(state, new URLSearchParams("cols=time")).toString()).toBe(
      "cols=time&range=24h&name=chat&user=alice&tags=a%2Cb&level=ERROR&env=prod&sort=cost%3Aasc",
    );
    expect(writeListState(readListState(new URLSearchParams()), new URLSearchParams()).toString()).toBe("");
  });

  it("turns the state into the GraphQL filter and order", () => {
    const state = readListState(new URLSearchParams("range=1h&session=s1&env=prod&sort=latency:desc"));
    const now = new Date("2026-05-01T10:00:00.000Z");
    expect(toFilterInput(state, now)).toEqual({
      fromTimestamp: "2026-05-01T09:00:00.000Z",
      sessionId: "s1",
      environments: ["prod"],
    });
    expect(toOrder(state)).toEqual({ field: "LATENCY", direction: "DESC" });
  });

  it("ignores values it does not know", () => {
    const state = readListState(new URLSearchParams("range=9y&level=LOUD&sort=name:asc"));
    expect(state.range).toBe("all");
    expect(state.level).toBeNull();
    expect(state.sort).toEqual({ field: "TIMESTAMP", descending: false });
  });
});
