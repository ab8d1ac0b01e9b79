import { useCallback } from "react";
import { useAuth } from "../auth/AuthContext";
import { downloadField, type PayloadField } from "../lib/download";

/** A function that downloads one payload field of this trace or observation whole. */
export function useFieldDownload(kind: "traces" | "observations", id: string): (field: PayloadField) => Promise<void> {
  const { credentials } = useAuth();
  const secretKey = credentials?.secretKey ?? "";
  return useCallback((field: PayloadField) => downloadField(kind, id, field, secretKey), [kind, id, secretKey]);
}
