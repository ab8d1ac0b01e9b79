import { payloadChoice } from "./usePayloads";
import { LARGE_FIELD_BYTES } from "./SizeGate";

describe("which payloads the panel asks for whole", () => {
  it("asks for fields with something in them, up to the size gate", () => {
    expect(payloadChoice({ inputBytes: 10, outputBytes: LARGE_FIELD_BYTES + 1, metadataBytes: 0 })).toEqual({
      withInput: true,
      withOutput: false,
      withMetadata: false,
    });
    expect(payloadChoice({ inputBytes: LARGE_FIELD_BYTES, outputBytes: 1, metadataBytes: 2 })).toEqual({
      withInput: true,
      withOutput: true,
      withMetadata: true,
    });
  });
});
