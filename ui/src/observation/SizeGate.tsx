import { useState, type ReactNode } from "react";
import { formatBytes } from "../lib/format";

/** Fields larger than this are not loaded: their first bytes and a download instead. */
export const LARGE_FIELD_BYTES = 2 * 1024 * 1024;

interface Props {
  /** The size of the field's JSON text, from the server. */
  bytes: number;
  /** Its first bytes (the server's `…Head`, or the list's one-line preview). */
  head: string | null;
  download(): Promise<void>;
  children: ReactNode;
}

/** `children` for fields of a usual size; the first bytes and a download for large ones. */
export function SizeGate({ bytes, head, download, children }: Props) {
  const [error, setError] = useState("");
  const [saving, setSaving] = useState(false);
  if (bytes <= LARGE_FIELD_BYTES) return children;
  const save = () => {
    setSaving(true);
    setError("");
    download()
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)))
      .finally(() => setSaving(false));
  };
  return (
    <div className="large-field">
      <p>
        This field is {formatBytes(bytes)}; it is shown cut to its first {formatBytes((head ?? "").length)}.{" "}
        <button type="button" onClick={save} disabled={saving}>
          {saving ? "Downloading…" : "Download the whole field"}
        </button>
      </p>
      {error && <p className="form-error">{error}</p>}
      <pre className="preview-block">{head ?? ""}…</pre>
    </div>
  );
}
