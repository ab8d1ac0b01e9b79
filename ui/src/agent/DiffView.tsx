import { useMemo } from "react";
import type { CheckpointDiff, FileDiff } from "../api/agents";
import { formatBytes, plural } from "../lib/format";
import { diffLines } from "./steps";

/** A unified diff, one line per row, coloured by what the line does. */
export function UnifiedDiff({ text, label }: { text: string; label: string }) {
  const lines = useMemo(() => diffLines(text), [text]);
  return (
    <pre className="diff" aria-label={label}>
      {lines.map((line, index) => (
        <span key={index} className={`diff-line diff-${line.kind}`}>
          {line.text + "\n"}
        </span>
      ))}
    </pre>
  );
}

function sizeOf(file: FileDiff): string {
  const side = (size: number | null) => (size === null ? "–" : formatBytes(size));
  return file.status === "changed" ? `${side(file.oldSize)} → ${side(file.newSize)}` : side(file.newSize ?? file.oldSize);
}

/** Every file two checkpoints differ in, each with its diff (or why there is none). */
export function CheckpointDiffView({ diff }: { diff: CheckpointDiff }) {
  return (
    <div className="checkpoint-diff">
      <p className="muted">
        {plural(diff.added.length, "file")} added · {diff.removed.length} removed · {diff.changed.length} changed ·{" "}
        {diff.unchangedCount} unchanged
      </p>
      {diff.files.length === 0 && <p>No file changed between these checkpoints.</p>}
      {diff.files.map((file) => (
        <details key={file.path} className="diff-file" open={diff.files.length <= 10}>
          <summary>
            <span className={`badge diff-status-${file.status}`}>{file.status}</span> <code>{file.path}</code>{" "}
            <span className="muted">{sizeOf(file)}</span>
          </summary>
          {file.diff !== null ? (
            <>
              <UnifiedDiff text={file.diff} label={`Diff of ${file.path}`} />
              {file.diffTruncated && <p className="muted">The diff is cut at 200,000 characters.</p>}
            </>
          ) : (
            <p className="muted">No line diff: binary, not stored with the checkpoint, or over 1 MB.</p>
          )}
        </details>
      ))}
    </div>
  );
}
