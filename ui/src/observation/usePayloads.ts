import { useQuery } from "urql";
import { errorMessage } from "../api/client";
import { OBSERVATION_PAYLOADS } from "../api/observations";
import { TRACE_IO } from "../api/traces";
import type { ObservationPayloads } from "../api/types";
import { LARGE_FIELD_BYTES } from "./SizeGate";

export interface PayloadSizes {
  inputBytes: number;
  outputBytes: number;
  metadataBytes: number;
}

export interface Payloads {
  values: ObservationPayloads;
  fetching: boolean;
  error: string;
}

/** Which fields to ask for whole: those with something in them, up to the size gate. */
export function payloadChoice(sizes: PayloadSizes) {
  const small = (bytes: number) => bytes > 0 && bytes <= LARGE_FIELD_BYTES;
  return {
    withInput: small(sizes.inputBytes),
    withOutput: small(sizes.outputBytes),
    withMetadata: small(sizes.metadataBytes),
  };
}

/**
 * The payload fields of a trace or an observation that are small enough to show, once
 * their sizes are known (`sizes` null: not yet); larger ones are shown from their first
 * bytes and downloaded whole, never loaded into the page.
 */
export function usePayloads(kind: "trace" | "observation", id: string, sizes: PayloadSizes | null): Payloads {
  const choice = payloadChoice(sizes ?? { inputBytes: 0, outputBytes: 0, metadataBytes: 0 });
  const none = !choice.withInput && !choice.withOutput && !choice.withMetadata;
  const [observation] = useQuery({
    query: OBSERVATION_PAYLOADS,
    variables: { id, ...choice },
    pause: kind !== "observation" || sizes === null || none,
  });
  const [trace] = useQuery({
    query: TRACE_IO,
    variables: { id, ...choice },
    pause: kind !== "trace" || sizes === null || none,
  });
  const result = kind === "observation" ? observation : trace;
  const found = kind === "observation" ? observation.data?.observation : trace.data?.trace;
  return {
    values: found ?? {},
    fetching: sizes === null || (!none && result.fetching),
    error: errorMessage(result.error),
  };
}
