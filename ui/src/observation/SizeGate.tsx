import { useMemo, type ReactNode } from "react";
import { downloadFile } from "../lib/download";
import { formatBytes } from "../lib/format";

/** Fields larger than this are not rendered: a preview and a download instead. */
export const LARGE_FIELD_BYTES = 2 * 1024 * 1024;
const PREVIEW_CHARS = 20_000;

/** `children` for values of a usual size; a bounded preview and a download for large ones. */
export function SizeGate({ value, filename, children }: { value: unknown; filename: string; children: ReactNode }) {
  const text = useMemo(() => (typeof value === "string" ? value : JSON.stringify(value) ?? ""), [value]);
  if (text.length <= LARGE_FIELD_BYTES) return children;
  return (
    <div className="large-field">
      <p>
        This field is {formatBytes(text.length)}; it is shown cut to its first {PREVIEW_CHARS.toLocaleString("en-US")}{" "}
        characters.{" "}
        <button type="button" onClick={() => downloadFile(filename, text)}>
          Download {filename}
        </button>
      </p>
      <pre className="preview-block">{text.slice(0, PREVIEW_CHARS)}…</pre>
    </div>
  );
}
