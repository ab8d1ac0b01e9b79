import type { ReactNode } from "react";
import { Section } from "../components/Section";
import type { PayloadField } from "../lib/download";
import { IoView } from "./IoView";
import { MetadataView } from "./MetadataView";
import type { Payloads, PayloadSizes } from "./usePayloads";

interface Props {
  sizes: PayloadSizes;
  /** The first bytes of input and output, shown when the field is too large to load. */
  heads: { input: string | null; output: string | null };
  payloads: Payloads;
  download(field: PayloadField): Promise<void>;
  /** "Input" or "Trace input": whose payloads these are. */
  titlePrefix?: string;
  /** Where else the offered tools may be listed (an observation's model parameters). */
  toolSources?: unknown[];
  /** Shown between output and metadata (an observation's usage and parameters). */
  between?: ReactNode;
}

/** Input, output and metadata of a trace or an observation, each gated by its size. */
export function PayloadSections({ sizes, heads, payloads, download, titlePrefix = "", toolSources, between }: Props) {
  const title = (name: string) => (titlePrefix ? `${titlePrefix} ${name.toLowerCase()}` : name);
  const io = (field: "input" | "output", role: "user" | "assistant") => (
    <Section title={title(field === "input" ? "Input" : "Output")}>
      <IoView
        value={payloads.values[field]}
        bytes={field === "input" ? sizes.inputBytes : sizes.outputBytes}
        head={heads[field]}
        loading={payloads.fetching}
        role={role}
        download={() => download(field)}
        toolSources={field === "input" ? toolSources : undefined}
      />
    </Section>
  );
  return (
    <>
      {payloads.error && <p className="form-error">{payloads.error}</p>}
      {io("input", "user")}
      {io("output", "assistant")}
      {between}
      <Section title="Metadata">
        <MetadataView value={payloads.values.metadata} bytes={sizes.metadataBytes} download={() => download("metadata")} />
      </Section>
    </>
  );
}
