import { callIds, resultsByCallId, type ChatMessage, type Part, type ToolSchema } from "../lib/chat";
import { JsonView } from "./JsonView";
import { LongText } from "./LongText";

/**
 * Chat messages by role. Each tool call is numbered and shown with its result (matched by
 * call id); results that answer a call shown here are not repeated on their own.
 */
export function Conversation({ messages, tools = [] }: { messages: ChatMessage[]; tools?: ToolSchema[] }) {
  const results = resultsByCallId(messages);
  const calls = callIds(messages);
  let callNumber = 0;
  return (
    <div className="conversation">
      {tools.length > 0 && <ToolList tools={tools} />}
      {messages.map((message, index) => {
        const parts = message.parts.filter(
          (part) => !(part.kind === "toolResult" && part.callId !== null && calls.has(part.callId)),
        );
        if (parts.length === 0) return null;
        return (
          <div key={index} className={`message role-${message.role}`} data-role={message.role}>
            <div className="role">
              {message.role}
              {message.name && <span className="muted"> · {message.name}</span>}
            </div>
            {parts.map((part, partIndex) => (
              <PartView
                key={partIndex}
                part={part}
                number={part.kind === "toolCall" ? ++callNumber : 0}
                results={results}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}

function PartView({ part, number, results }: { part: Part; number: number; results: Map<string, unknown> }) {
  switch (part.kind) {
    case "text":
      return (
        <div className="text">
          <LongText text={part.text} limit={5000} />
        </div>
      );
    case "image":
      return <span className="chip">{part.description}</span>;
    case "data":
      return <JsonView value={part.value} />;
    case "toolResult":
      return (
        <div className="tool-result">
          <div className="muted">result{part.callId && <> of <code>{part.callId}</code></>}</div>
          <Content value={part.content} />
        </div>
      );
    case "toolCall": {
      const { id, name } = part.call;
      const answered = id !== null && results.has(id);
      return (
        <div className="tool-call" data-call-id={id ?? undefined}>
          <div>
            <span className="call-number">{number}</span> <b>{name}</b> {id && <code>{id}</code>}
          </div>
          <JsonView value={part.call.arguments} />
          {answered ? (
            <div className="tool-result">
              <div className="muted">result</div>
              <Content value={results.get(id)} />
            </div>
          ) : (
            <div className="muted">no result in these messages</div>
          )}
        </div>
      );
    }
  }
}

/** A tool result's content: text, text blocks, or JSON (also JSON sent as a string). */
function Content({ value }: { value: unknown }) {
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === "object" && parsed !== null) return <JsonView value={parsed} />;
    } catch {
      // Plain text.
    }
    return <LongText text={value} limit={5000} />;
  }
  if (Array.isArray(value) && value.every((block) => typeof block?.text === "string")) {
    return <LongText text={value.map((block: { text: string }) => block.text).join("\n")} limit={5000} />;
  }
  return <JsonView value={value} />;
}

function ToolList({ tools }: { tools: ToolSchema[] }) {
  return (
    <details className="tools">
      <summary>
        {tools.length} tool{tools.length === 1 ? "" : "s"} available: {tools.map((tool) => tool.name).join(", ")}
      </summary>
      {tools.map((tool) => (
        <div key={tool.name} className="tool-schema">
          <b>{tool.name}</b> {tool.description && <span className="muted">{tool.description}</span>}
          {tool.parameters !== null && <JsonView value={tool.parameters} openDepth={0} />}
        </div>
      ))}
    </details>
  );
}
