/** Save `content` (text, or a value written as JSON) as a file the browser downloads. */
export function downloadFile(filename: string, content: unknown): void {
  const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

export type PayloadField = "input" | "output" | "metadata";

/**
 * Download one payload field whole through the REST route made for it
 * (`GET /v1/{traces|observations}/{id}/fields/{field}`), with the signed-in key: the field
 * never has to be loaded into the page to be saved.
 */
export async function downloadField(
  kind: "traces" | "observations",
  id: string,
  field: PayloadField,
  secretKey: string,
): Promise<void> {
  const response = await fetch(`/v1/${kind}/${encodeURIComponent(id)}/fields/${field}`, {
    headers: { Authorization: `Bearer ${secretKey}` },
  });
  if (!response.ok) throw new Error(`The download failed (${response.status}).`);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = `${kind === "traces" ? "trace" : "observation"}-${id}-${field}.json`;
  link.click();
  URL.revokeObjectURL(url);
}
