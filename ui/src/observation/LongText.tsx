import { useState } from "react";

/** Text cut at `limit` characters, with a toggle to show the rest. */
export function LongText({ text, limit = 2000 }: { text: string; limit?: number }) {
  const [whole, setWhole] = useState(false);
  if (text.length <= limit || whole) return <span className="long-text">{text}</span>;
  return (
    <span className="long-text">
      {text.slice(0, limit)}…{" "}
      <button type="button" className="link" onClick={() => setWhole(true)}>
        show all {text.length.toLocaleString("en-US")} characters
      </button>
    </span>
  );
}
