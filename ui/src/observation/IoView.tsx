import { useMemo, useState } from "react";
import { availableTools, toMessages } from "../lib/chat";
import { Conversation } from "./Conversation";
import { JsonView } from "./JsonView";
import { SizeGate } from "./SizeGate";

interface Props {
  /** The whole value; undefined while it loads, or when it is too large to load. */
  value: unknown;
  /** The size of its JSON text (0: there is none). */
  bytes: number;
  /** Its first bytes, shown in its place when it is too large. */
  head: string | null;
  loading: boolean;
  /** Whose words a bare string is: "user" for an input, "assistant" for an output. */
  role: "user" | "assistant";
  download(): Promise<void>;
  /** Where else the offered tools may be listed (the model parameters). */
  toolSources?: unknown[];
}

/** An input or output: as chat messages when it is a conversation, else as JSON. */
export function IoView({ value, bytes, head, loading, role, download, toolSources = [] }: Props) {
  if (bytes === 0) return <p className="muted">None.</p>;
  return (
    <SizeGate bytes={bytes} head={head} download={download}>
      {value === undefined ? (
        <p className="muted">{loading ? "Loading…" : "Not loaded."}</p>
      ) : (
        <Formatted value={value} role={role} toolSources={toolSources} />
      )}
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
