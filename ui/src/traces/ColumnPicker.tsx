import { TRACE_COLUMN_IDS, columnLabel, type TraceColumnId } from "./columns";

/** Which columns the list shows, in their fixed order. */
export function ColumnPicker({ chosen, onChange }: { chosen: TraceColumnId[]; onChange(next: TraceColumnId[]): void }) {
  const toggle = (id: TraceColumnId) => {
    const next = chosen.includes(id) ? chosen.filter((other) => other !== id) : [...chosen, id];
    onChange(TRACE_COLUMN_IDS.filter((other) => next.includes(other)));
  };
  return (
    <details className="menu">
      <summary>Columns</summary>
      <div className="menu-body">
        {TRACE_COLUMN_IDS.map((id) => (
          <label key={id}>
            <input type="checkbox" checked={chosen.includes(id)} onChange={() => toggle(id)} /> {columnLabel(id)}
          </label>
        ))}
      </div>
    </details>
  );
}
