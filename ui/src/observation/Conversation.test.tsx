import { render, screen, within } from "@testing-library/react";
import { toMessages } from "../lib/chat";
import { Conversation } from "./Conversation";

describe("Conversation", () => {
  it("renders messages by role and pairs each tool call with its result by call id", () => {
    const messages = toMessages(
      [
        { role: "user", content: "Weather in Paris and Rome?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "c1", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
            { id: "c2", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: "tool", tool_call_id: "c2", content: "Rome: 25" },
        { role: "tool", tool_call_id: "c1", content: "Paris: 18" },
      ],
      "user",
    )!;
    const { container } = render(<Conversation messages={messages} />);
    expect([...container.querySelectorAll(".message")].map((element) => element.getAttribute("data-role"))).toEqual([
      "user",
      "assistant",
    ]);
    const first = container.querySelector('[data-call-id="c1"]') as HTMLElement;
    expect(within(first).getByText("1")).toBeTruthy();
    expect(within(first).getByText("Paris: 18")).toBeTruthy();
    const second = container.querySelector('[data-call-id="c2"]') as HTMLElement;
    expect(within(second).getByText("Rome: 25")).toBeTruthy();
  });

  it("shows a result whose call is not among the messages on its own", () => {
    render(<Conversation messages={toMessages([{ role: "tool", tool_call_id: "old", content: "42" }], "user")!} />);
    expect(screen.getByText("old")).toBeTruthy();
    expect(screen.getByText("42")).toBeTruthy();
  });

  it("lists the tools offered to the model", () => {
    render(
      <Conversation
        messages={toMessages("hi", "user")!}
        tools={[{ name: "get_weather", description: "Weather", parameters: null }]}
      />,
    );
    expect(screen.getByText("1 tool available: get_weather")).toBeTruthy();
  });
});
