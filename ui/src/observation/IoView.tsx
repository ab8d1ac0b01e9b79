import { useMemo, useState } from "react";
import { availableTools, toMessages } from "../lib/chat";
import { Conversation } from "./Conversation";
import { JsonView } from "./JsonView";
import { SizeGate } from "./SizeGate";

interface Props {
  value: unknown;
  /** Whose words a bare string is: "user" for an input, "assistant" for an output. */
  role: "user" | "assistant";
  filename: string;
  /** Where else the offered tools may be listed (the model parameters). */
  toolSources?: unknown[];
}

/** An input or output: as chat messages when it is a conversation, else as JSON. */
export function IoView({ value, role, filename, toolSources = [] }: Props) {
  if (value === null || value === undefined) return <p className="muted">None.</p>;
  return (
    <SizeGate value={value} filename={filename}>
      <Formatted value={value} role={role} toolSources={toolSources} />
    </SizeGate>
  );
}

function Formatted({ value, role, toolSources }: { value: unknown; role: string; toolSources: unknown[] }) {
  const messages = useMemo(() => toMessages(value, role), [value, role]);
  const tools = useMemo(() => availableTools(value, ...toolSources), [value, toolSources]);
  const [raw, setRaw] = useState(false);
  if (!messages) return <JsonView value={value} />;
  return (
    <div>
      <div className="view-switch" role="group" aria-label="View">
        <button type="button" aria-pressed={!raw} onClick={() => setRaw(false)}>
          Messages
        </button>
        <button type="button" aria-pressed={raw} onClick={() => setRaw(true)}>
          JSON
        </button>
      </div>
      {raw ? <JsonView value={value} /> : <Conversation messages={messages} tools={tools} />}
    </div>
  );
}
