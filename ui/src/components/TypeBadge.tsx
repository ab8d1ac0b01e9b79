import type { ObservationType } from "../api/types";

const SHORT: Record<ObservationType, string> = {
  SPAN: "span",
  GENERATION: "gen",
  EVENT: "event",
  AGENT: "agent",
  TOOL: "tool",
  CHAIN: "chain",
  RETRIEVER: "retr",
  EVALUATOR: "eval",
  EMBEDDING: "embed",
  GUARDRAIL: "guard",
};

export function TypeBadge({ type }: { type: ObservationType }) {
  return (
    <span className={`type type-${type.toLowerCase()}`} title={type.toLowerCase()}>
      {SHORT[type]}
    </span>
  );
}
