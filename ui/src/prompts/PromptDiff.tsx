import { useMemo } from "react";
import { lineDiff, promptText } from "../lib/lineDiff";

/** Two versions of a prompt line by line: removed lines red, added green, with the line
 * numbers of each side; config changes as a second diff. */
export function PromptDiff({ before, after, label }: { before: unknown; after: unknown; label: string }) {
  const ops = useMemo(() => lineDiff(promptText(before), promptText(after)), [before, after]);
  if (ops === null) {
    return <p className="muted">These versions are too long to compare line by line here.</p>;
  }
  const changed = ops.filter((op) => op.kind !== "same").length;
  return (
    <div className="prompt-diff">
      <p className="muted">{changed === 0 ? "No difference." : `${ops.filter((op) => op.kind === "add").length} added, ${ops.filter((op) => op.kind === "remove").length} removed lines`}</p>
      <table className="diff-table" aria-label={label}>
        <tbody>
          {ops.map((op, index) => (
            <tr key={index} className={`diff-${op.kind}`}>
              <td className="line-no">{op.oldLine ?? ""}</td>
              <td className="line-no">{op.newLine ?? ""}</td>
              <td className="sign">{op.kind === "add" ? "+" : op.kind === "remove" ? "−" : " "}</td>
              <td className="line">{op.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
