import { toMessages, type ChatMessage } from "../lib/chat";

function asData(value: unknown, role: string): ChatMessage[] {
  return [{ role, name: null, parts: [{ kind: "data", value }] }];
}

/**
 * What the user said in a turn: the last user message of the trace's input and what
 * follows it. Chat inputs repeat the whole history; a replay shows each message once.
 */
export function userSide(input: unknown): ChatMessage[] {
  if (input === null || input === undefined) return [];
  const messages = toMessages(input, "user");
  if (!messages) return asData(input, "user");
  const lastUser = messages.map((message) => message.role).lastIndexOf("user");
  return lastUser < 0 ? messages : messages.slice(lastUser);
}

/** What came back in a turn: the trace's output as messages. */
export function assistantSide(output: unknown): ChatMessage[] {
  if (output === null || output === undefined) return [];
  return toMessages(output, "assistant") ?? asData(output, "assistant");
}
