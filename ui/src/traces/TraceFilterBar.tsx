import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { FILTER_CHOICES, type FilterChoices } from "../api/traces";
import { LEVELS, type Level } from "../api/types";
import { RANGES, type RangeKey } from "../lib/timeRange";
import { useSettled } from "../lib/useSettled";
import { metadataText, parseMetadata, type TraceListState } from "./filters";

type TextField = "name" | "userId" | "sessionId" | "environment" | "release";

/** Typed fields; those with a list offer the project's values to pick from. */
const TEXT_FIELDS: { field: TextField; label: string; choices?: keyof FilterChoices }[] = [
  { field: "name", label: "Name", choices: "traceNames" },
  { field: "userId", label: "User" },
  { field: "sessionId", label: "Session" },
  { field: "environment", label: "Environment", choices: "environments" },
  { field: "release", label: "Release" },
];

/** The level menu: one level, or warnings and errors together. */
const LEVEL_CHOICES: { label: string; levels: Level[] }[] = [
  ...LEVELS.map((level) => ({ label: level.toLowerCase(), levels: [level] })),
  { label: "warning or error", levels: ["WARNING", "ERROR"] },
];

type Draft = Omit<TraceListState, "tags" | "models" | "metadata"> & {
  tagsText: string;
  modelsText: string;
  metadataText: string;
};

const split = (text: string) => text.split(",").map((item) => item.trim()).filter(Boolean);

/** The list's filters: choices apply at once, typed fields on Enter or "Apply". */
export function TraceFilterBar({
  state,
  onChange,
  listShown,
}: {
  state: TraceListState;
  onChange(next: TraceListState): void;
  /** The list's first page has arrived: the choices are asked for after it. */
  listShown: boolean;
}) {
  const choicesWanted = useSettled(listShown);
  const [{ data }] = useQuery({ query: FILTER_CHOICES, variables: {}, pause: !choicesWanted });
  const choices = data?.project;
  const [draft, setDraft] = useState<Draft>({
    ...state,
    tagsText: state.tags.join(", "),
    modelsText: state.models.join(", "),
    metadataText: metadataText(state.metadata),
  });
  const apply = (next: Draft) => {
    const { tagsText, modelsText, metadataText: pairs, ...rest } = next;
    onChange({ ...rest, tags: split(tagsText), models: split(modelsText), metadata: parseMetadata(pairs) });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    apply(draft);
  };
  const choose = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    apply(next);
  };
  const levelKey = draft.levels.join(",");

  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      <input
        type="search"
        className="search"
        aria-label="Search"
        placeholder="Search name, input, output"
        value={draft.search}
        onChange={(event) => setDraft({ ...draft, search: event.target.value })}
      />
      <select aria-label="Time range" value={draft.range} onChange={(event) => choose({ range: event.target.value as RangeKey })}>
        {RANGES.map((range) => (
          <option key={range.key} value={range.key}>
            {range.label}
          </option>
        ))}
      </select>
      {TEXT_FIELDS.map(({ field, label, choices: list }) => (
        <input
          key={field}
          aria-label={label}
          placeholder={label}
          list={list ? `choices-${list}` : undefined}
          value={draft[field]}
          onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
        />
      ))}
      <input
        aria-label="Tags"
        placeholder="Tags (all of)"
        list="choices-tags"
        value={draft.tagsText}
        onChange={(event) => setDraft({ ...draft, tagsText: event.target.value })}
      />
      <input
        aria-label="Models"
        placeholder="Models (any of)"
        list="choices-models"
        value={draft.modelsText}
        onChange={(event) => setDraft({ ...draft, modelsText: event.target.value })}
      />
      <input
        aria-label="Metadata"
        placeholder="Metadata key=value; …"
        value={draft.metadataText}
        onChange={(event) => setDraft({ ...draft, metadataText: event.target.value })}
      />
      <select
        aria-label="Level"
        value={levelKey}
        onChange={(event) => choose({ levels: split(event.target.value) as Level[] })}
      >
        <option value="">Any level</option>
        {LEVEL_CHOICES.map(({ label, levels }) => (
          <option key={label} value={levels.join(",")}>
            {label}
          </option>
        ))}
        {levelKey && !LEVEL_CHOICES.some(({ levels }) => levels.join(",") === levelKey) && (
          <option value={levelKey}>{levelKey.toLowerCase()}</option>
        )}
      </select>
      <button type="submit">Apply</button>
      {(["traceNames", "environments", "tags", "models"] as const).map((list) => (
        <datalist key={list} id={`choices-${list}`}>
          {(choices?.[list] ?? []).map((value) => (
            <option key={value} value={value} />
          ))}
        </datalist>
      ))}
    </form>
  );
}
