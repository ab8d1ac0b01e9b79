import { JsonView } from "./JsonView";

/** An object's top-level keys as rows; nested values as collapsed JSON. */
export function KeyValues({ value, empty }: { value: unknown; empty: string }) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return value === null || value === undefined ? <p className="muted">{empty}</p> : <JsonView value={value} />;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="kv">
      <tbody>
        {entries.map(([key, item]) => (
          <tr key={key}>
            <th>{key}</th>
            <td>{typeof item === "object" && item !== null ? <JsonView value={item} openDepth={0} /> : String(item)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
