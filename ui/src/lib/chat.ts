// Chat messages out of the shapes providers and SDKs send: OpenAI Chat Completions and
// Responses, Anthropic Messages, Gemini contents, LangChain-style {role, content}, and a
// bare string. Anything else is not a conversation (null) and is shown as JSON.

export interface ToolCall {
  id: string | null;
  name: string;
  arguments: unknown;
}

export type Part =
  | { kind: "text"; text: string }
  | { kind: "image"; description: string }
  | { kind: "toolCall"; call: ToolCall }
  | { kind: "toolResult"; callId: string | null; content: unknown }
  | { kind: "data"; value: unknown };

export interface ChatMessage {
  role: string;
  name: string | null;
  parts: Part[];
}

export interface ToolSchema {
  name: string;
  description: string | null;
  parameters: unknown;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const text = (value: unknown): string | null => (typeof value === "string" ? value : null);

/** The messages in `value`, or null when it is not a conversation. */
export function toMessages(value: unknown, defaultRole: string): ChatMessage[] | null {
  if (typeof value === "string") return [{ role: defaultRole, name: null, parts: [{ kind: "text", text: value }] }];
  if (Array.isArray(value)) {
    return value.length > 0 && value.every(isMessage) ? value.map((item) => toMessage(item, defaultRole)) : null;
  }
  if (!isRecord(value)) return null;
  if (Array.isArray(value.messages)) {
    const messages = toMessages(value.messages, defaultRole);
    const system = text(value.system);
    return messages && system ? [systemMessage(system), ...messages] : messages;
  }
  if (Array.isArray(value.contents)) return toMessages(value.contents, defaultRole);
  if (Array.isArray(value.choices)) {
    const choices = value.choices.filter(isRecord).map((choice) => choice.message ?? choice.delta);
    return toMessages(choices, "assistant");
  }
  // A single message, or {content: "..."} without a role.
  if (typeof value.role === "string" || typeof value.content === "string") return [toMessage(value, defaultRole)];
  return null;
}

function isMessage(value: unknown): value is Json {
  return isRecord(value) && typeof value.role === "string";
}

function systemMessage(content: string): ChatMessage {
  return { role: "system", name: null, parts: [{ kind: "text", text: content }] };
}

function toMessage(raw: Json, defaultRole: string): ChatMessage {
  const role = text(raw.role) ?? defaultRole;
  const name = text(raw.name);
  const callId = text(raw.tool_call_id);
  if (role === "tool" || role === "function" || callId !== null) {
    return { role: "tool", name, parts: [{ kind: "toolResult", callId, content: raw.content }] };
  }
  const parts = [...contentParts(raw.content ?? raw.parts), ...openAiToolCalls(raw)];
  return { role: role === "model" ? "assistant" : role, name, parts };
}

function contentParts(content: unknown): Part[] {
  if (content === null || content === undefined) return [];
  if (typeof content === "string") return content ? [{ kind: "text", text: content }] : [];
  if (Array.isArray(content)) return content.map(blockPart);
  return [{ kind: "data", value: content }];
}

function blockPart(block: unknown): Part {
  if (typeof block === "string") return { kind: "text", text: block };
  if (!isRecord(block)) return { kind: "data", value: block };
  const blockText = text(block.text);
  if (blockText !== null && (block.type === undefined || String(block.type).endsWith("text"))) {
    return { kind: "text", text: blockText };
  }
  switch (block.type) {
    case "image_url":
      return { kind: "image", description: imageDescription(isRecord(block.image_url) ? block.image_url.url : block.image_url) };
    case "input_image":
      return { kind: "image", description: imageDescription(block.image_url) };
    case "image":
      return { kind: "image", description: imageDescription(isRecord(block.source) ? block.source.data ?? block.source.url : null) };
    case "tool_use":
      return { kind: "toolCall", call: { id: text(block.id), name: text(block.name) ?? "tool", arguments: block.input } };
    case "tool_result":
      return { kind: "toolResult", callId: text(block.tool_use_id), content: block.content };
  }
  if (isRecord(block.functionCall)) {
    const call = block.functionCall;
    return { kind: "toolCall", call: { id: text(call.id), name: text(call.name) ?? "function", arguments: call.args } };
  }
  if (isRecord(block.functionResponse)) {
    const response = block.functionResponse;
    return { kind: "toolResult", callId: text(response.id), content: response.response };
  }
  return { kind: "data", value: block };
}

/** "image (base64, 120.0 KB)" or the image's URL; never the base64 text itself. */
function imageDescription(source: unknown): string {
  const value = text(source);
  if (value === null) return "image";
  if (value.startsWith("data:") || !/^https?:/.test(value)) {
    return `image (base64, ${(value.length * 0.75 / 1024).toFixed(1)} KB)`;
  }
  return value;
}

function openAiToolCalls(raw: Json): Part[] {
  const calls = Array.isArray(raw.tool_calls) ? raw.tool_calls : isRecord(raw.function_call) ? [{ function: raw.function_call }] : [];
  return calls.filter(isRecord).map((call) => {
    const fn = isRecord(call.function) ? call.function : {};
    return {
      kind: "toolCall",
      call: { id: text(call.id), name: text(fn.name) ?? "function", arguments: parseArguments(fn.arguments) },
    };
  });
}

/** Tool arguments are often JSON in a string; shown as the value they encode. */
function parseArguments(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Tool results by the id of the call they answer. */
export function resultsByCallId(messages: ChatMessage[]): Map<string, unknown> {
  const results = new Map<string, unknown>();
  for (const message of messages) {
    for (const part of message.parts) {
      if (part.kind === "toolResult" && part.callId !== null) results.set(part.callId, part.content);
    }
  }
  return results;
}

/** Ids of the calls made in `messages`: their results are shown with them. */
export function callIds(messages: ChatMessage[]): Set<string> {
  const ids = new Set<string>();
  for (const message of messages) {
    for (const part of message.parts) {
      if (part.kind === "toolCall" && part.call.id !== null) ids.add(part.call.id);
    }
  }
  return ids;
}

/** The tools offered to the model, from the request or its parameters. */
export function availableTools(...sources: unknown[]): ToolSchema[] {
  const tools: ToolSchema[] = [];
  for (const source of sources) {
    if (!isRecord(source) || !Array.isArray(source.tools)) continue;
    for (const tool of source.tools.filter(isRecord)) {
      const declarations = Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations.filter(isRecord) : [tool];
      for (const declaration of declarations) {
        const fn = isRecord(declaration.function) ? declaration.function : declaration;
        const name = text(fn.name);
        if (name === null) continue;
        tools.push({
          name,
          description: text(fn.description),
          parameters: fn.parameters ?? fn.input_schema ?? null,
        });
      }
    }
  }
  return tools;
}

/** The plain text of a message's text parts. */
export function messageText(message: ChatMessage): string {
  return message.parts
    .flatMap((part) => (part.kind === "text" ? [part.text] : []))
    .join("\n");
}
