import { parseMetadata, readListState, toFilterInput, toOrder, writeListState } from "./filters";

describe("trace list URL state", () => {
  it("round-trips filters and sort through the URL, leaving defaults out", () => {
    const search = new URLSearchParams(
      "range=24h&name=chat&user=alice&tags=a,b&level=WARNING,ERROR&env=prod&q=timed+out&model=gpt-4o,claude&meta=region=eu;tier=2&sort=cost:asc",
    );
    const state = readListState(search);
    expect(state).toMatchObject({
      range: "24h",
      name: "chat",
      userId: "alice",
      tags: ["a", "b"],
      levels: ["WARNING", "ERROR"],
      search: "timed out",
      models: ["gpt-4o", "claude"],
      metadata: [
        { key: "region", value: "eu" },
        { key: "tier", value: "2" },
      ],
    });
    expect(writeListState(state, new URLSearchParams("cols=time")).toString()).toBe(
      "cols=time&range=24h&name=chat&user=alice&tags=a%2Cb&level=WARNING%2CERROR&env=prod&q=timed+out&model=gpt-4o%2Cclaude&meta=region%3Deu%3Btier%3D2&sort=cost%3Aasc",
    );
    expect(writeListState(readListState(new URLSearchParams()), new URLSearchParams()).toString()).toBe("");
  });

  it("turns the state into the GraphQL filter and order", () => {
    const state = readListState(new URLSearchParams("range=1h&session=s1&env=prod&q=+order+42+&model=m&meta=k=v=w&level=ERROR&sort=latency:desc"));
    const now = new Date("2026-05-01T10:00:00.000Z");
    expect(toFilterInput(state, now)).toEqual({
      fromTimestamp: "2026-05-01T09:00:00.000Z",
      sessionId: "s1",
      environments: ["prod"],
      levels: ["ERROR"],
      search: "order 42",
      models: ["m"],
      metadata: [{ key: "k", value: "v=w" }],
    });
    expect(toOrder(state)).toEqual({ field: "LATENCY", direction: "DESC" });
  });

  it("ignores values it does not know", () => {
    const state = readListState(new URLSearchParams("range=9y&level=LOUD,ERROR&sort=name:asc&meta==x;novalue"));
    expect(state.range).toBe("all");
    expect(state.levels).toEqual(["ERROR"]);
    expect(state.metadata).toEqual([]);
    expect(state.sort).toEqual({ field: "TIMESTAMP", descending: false });
  });

  it("reads metadata pairs split at the first =", () => {
    expect(parseMetadata(" a = 1 ; b=x=y;;")).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "x=y" },
    ]);
  });
});
