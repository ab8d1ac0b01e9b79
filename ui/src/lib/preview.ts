import { messageText, toMessages } from "./chat";

/** A one-line preview of an input or output: its last message's text, else compact JSON. */
export function previewText(value: unknown, maxChars = 200): string {
  if (value === null || value === undefined) return "";
  const messages = toMessages(value, "user") ?? [];
  const spoken = messages.map(messageText).filter(Boolean);
  const text = spoken.length ? spoken[spoken.length - 1]! : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > maxChars ? `${oneLine.slice(0, maxChars - 1)}…` : oneLine;
}
