import { useState, type FormEvent } from "react";
import { LEVELS, type Level } from "../api/types";
import { RANGES, type RangeKey } from "../lib/timeRange";
import type { TraceListState } from "./filters";

type TextField = "name" | "userId" | "sessionId" | "environment" | "release";

const TEXT_FIELDS: { field: TextField; label: string }[] = [
  { field: "name", label: "Name" },
  { field: "userId", label: "User" },
  { field: "sessionId", label: "Session" },
  { field: "environment", label: "Environment" },
  { field: "release", label: "Release" },
];

/** The list's filters: choices apply at once, typed fields on Enter or "Apply". */
export function TraceFilterBar({ state, onChange }: { state: TraceListState; onChange(next: TraceListState): void }) {
  const [draft, setDraft] = useState({ ...state, tagsText: state.tags.join(", ") });
  const apply = (next: typeof draft) => {
    const { tagsText, ...rest } = next;
    onChange({ ...rest, tags: tagsText.split(",").map((tag) => tag.trim()).filter(Boolean) });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const choose = (patch: Partial<typeof draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    apply(next);
  };

  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      <select aria-label="Time range" value={draft.range} onChange={(event) => choose({ range: event.target.value as RangeKey })}>
        {RANGES.map((range) => (
          <option key={range.key} value={range.key}>
            {range.label}
          </option>
        ))}
      </select>
      {TEXT_FIELDS.map(({ field, label }) => (
        <input
          key={field}
          aria-label={label}
          placeholder={label}
          value={draft[field]}
          onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
        />
      ))}
      <input
        aria-label="Tags"
        placeholder="Tags (all of)"
        value={draft.tagsText}
        onChange={(event) => setDraft({ ...draft, tagsText: event.target.value })}
      />
      <select
        aria-label="Level"
        value={draft.level ?? ""}
        onChange={(event) => choose({ level: (event.target.value || null) as Level | null })}
      >
        <option value="">Any level</option>
        {LEVELS.map((level) => (
          <option key={level} value={level}>
            {level.toLowerCase()}
          </option>
        ))}
      </select>
      <button type="submit">Apply</button>
    </form>
  );
}
