import { availableTools, callIds, messageText, resultsByCallId, toMessages } from "./chat";

describe("toMessages", () => {
  it("reads OpenAI chat messages with tool calls and tool results", () => {
    const messages = toMessages(
      {
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
          },
          { role: "tool", tool_call_id: "c1", content: "18" },
        ],
      },
      "user",
    )!;
    expect(messages.map((message) => message.role)).toEqual(["user", "assistant", "tool"]);
    expect(messages[1]!.parts).toEqual([
      { kind: "toolCall", call: { id: "c1", name: "get_weather", arguments: { city: "Paris" } } },
    ]);
    expect(resultsByCallId(messages).get("c1")).toBe("18");
    expect([...callIds(messages)]).toEqual(["c1"]);
  });

  it("reads Anthropic content blocks, the system prompt, and base64 images as a description", () => {
    const messages = toMessages(
      {
        system: "Be brief.",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image", source: { type: "base64", data: "A".repeat(4096) } },
            ],
          },
          { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "look", input: { zoom: 2 } }] },
          { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "a cat" }] },
        ],
      },
      "user",
    )!;
    expect(messages[0]).toEqual({ role: "system", name: null, parts: [{ kind: "text", text: "Be brief." }] });
    expect(messages[1]!.parts[1]).toEqual({ kind: "image", description: "image (base64, 3.0 KB)" });
    expect(resultsByCallId(messages).get("t1")).toBe("a cat");
  });

  it("reads Gemini contents and OpenAI choices", () => {
    const gemini = toMessages({ contents: [{ role: "model", parts: [{ text: "Hi" }] }] }, "user")!;
    expect(gemini[0]).toMatchObject({ role: "assistant", parts: [{ kind: "text", text: "Hi" }] });
    const choices = toMessages({ choices: [{ message: { role: "assistant", content: "Done" } }] }, "user")!;
    expect(messageText(choices[0]!)).toBe("Done");
  });

  it("takes a bare string as the default role's words, and refuses what is no conversation", () => {
    expect(toMessages("hello", "assistant")).toEqual([
      { role: "assistant", name: null, parts: [{ kind: "text", text: "hello" }] },
    ]);
    expect(toMessages({ diff: "x" }, "user")).toBeNull();
    expect(toMessages([1, 2], "user")).toBeNull();
    expect(toMessages(null, "user")).toBeNull();
  });
});

describe("availableTools", () => {
  it("lists OpenAI, Anthropic and Gemini tool declarations", () => {
    const tools = availableTools(
      { tools: [{ type: "function", function: { name: "a", description: "A", parameters: { type: "object" } } }] },
      { tools: [{ name: "b", input_schema: { type: "object" } }, { functionDeclarations: [{ name: "c" }] }] },
      null,
    );
    expect(tools.map((tool) => tool.name)).toEqual(["a", "b", "c"]);
    expect(tools[0]!.description).toBe("A");
  });
});
