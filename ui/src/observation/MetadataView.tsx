import { KeyValues } from "./KeyValues";
import { SizeGate } from "./SizeGate";

/** Metadata as key/value rows; over the size gate, a download only (no head is asked). */
export function MetadataView({ value, bytes, download }: { value: unknown; bytes: number; download(): Promise<void> }) {
  if (bytes === 0) return <p className="muted">None.</p>;
  return (
    <SizeGate bytes={bytes} head={null} download={download}>
      {value === undefined ? <p className="muted">Loading…</p> : <KeyValues value={value} empty="None." />}
    </SizeGate>
  );
}
