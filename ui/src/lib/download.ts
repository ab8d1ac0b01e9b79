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
