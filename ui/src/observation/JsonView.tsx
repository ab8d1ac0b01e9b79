import { useState } from "react";
import { LongText } from "./LongText";

const PAGE = 100;

/**
 * A collapsible JSON tree. Closed containers render nothing inside, and open ones render
 * their first hundred entries (more on demand), so a large value costs only what is open.
 */
export function JsonView({ value, openDepth = 1 }: { value: unknown; openDepth?: number }) {
  return (
    <div className="json" role="group" aria-label="JSON">
      <JsonNode label={null} value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}

interface NodeProps {
  label: string | null;
  value: unknown;
  depth: number;
  openDepth: number;
}

function JsonNode({ label, value, depth, openDepth }: NodeProps) {
  const container = typeof value === "object" && value !== null;
  const [open, setOpen] = useState(depth < openDepth);
  const [shown, setShown] = useState(PAGE);
  const key = label === null ? null : <span className="json-key">{label}: </span>;
  if (!container) {
    return (
      <div className="json-line">
        {key}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value);
  const [openBracket, closeBracket] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  const summary = Array.isArray(value) ? `${entries.length} items` : `${entries.length} keys`;
  if (entries.length === 0) {
    return (
      <div className="json-line">
        {key}
        {openBracket}
        {closeBracket}
      </div>
    );
  }
  return (
    <div className="json-node">
      <button type="button" className="json-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? "▾" : "▸"} {key}
        {openBracket}
        {!open && <span className="muted"> {summary} </span>}
        {!open && closeBracket}
      </button>
      {open && (
        <div className="json-children">
          {entries.slice(0, shown).map(([childLabel, child]) => (
            <JsonNode key={childLabel} label={childLabel} value={child} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > shown && (
            <button type="button" className="link" onClick={() => setShown(shown + PAGE)}>
              show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}
            </button>
          )}
        </div>
      )}
      {open && <div className="json-line">{closeBracket}</div>}
    </div>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === "string") {
    return (
      <span className="json-string">
        "<LongText text={value} limit={500} />"
      </span>
    );
  }
  if (typeof value === "number") return <span className="json-number">{value}</span>;
  if (typeof value === "boolean") return <span className="json-boolean">{String(value)}</span>;
  return <span className="json-null">null</span>;
}
