/** A line diff of two texts (longest common subsequence), for prompt versions: small
 * texts, so the table stays small; past `MAX_CELLS` it answers null and the page shows
 * both sides instead. */
export type DiffOp = { kind: "same" | "add" | "remove"; text: string; oldLine: number | null; newLine: number | null };

const MAX_CELLS = 4_000_000;

export function lineDiff(before: string, after: string): DiffOp[] | null {
  const a = before.split("\n");
  const b = after.split("\n");
  // Trim the common head and tail: most versions change a few lines in the middle.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) return null;
  // lengths[i][j]: the LCS of midA[i:] and midB[j:].
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] =
        midA[i] === midB[j]
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const ops: DiffOp[] = [];
  const same = (index: number, oldIndex: number, newIndex: number) =>
    ops.push({ kind: "same", text: a[index]!, oldLine: oldIndex + 1, newLine: newIndex + 1 });
  for (let k = 0; k < head; k++) same(k, k, k);
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      ops.push({ kind: "same", text: midA[i]!, oldLine: head + i + 1, newLine: head + j + 1 });
      i++;
      j++;
    } else if (i < n && (j === m || lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)) {
      // Removals before additions, as git writes a changed line.
      ops.push({ kind: "remove", text: midA[i]!, oldLine: head + i + 1, newLine: null });
      i++;
    } else {
      ops.push({ kind: "add", text: midB[j]!, oldLine: null, newLine: head + j + 1 });
      j++;
    }
  }
  for (let k = 0; k < tail; k++) {
    ops.push({ kind: "same", text: a[a.length - tail + k]!, oldLine: a.length - tail + k + 1, newLine: b.length - tail + k + 1 });
  }
  return ops;
}

/** A prompt (a string, or chat messages) as the text its versions are compared by: each
 * message a `[role]` line then its content; a placeholder as `[placeholder: name]`. */
export function promptText(prompt: unknown): string {
  if (typeof prompt === "string") return prompt;
  if (!Array.isArray(prompt)) return JSON.stringify(prompt, null, 2);
  return prompt
    .map((message: unknown) => {
      if (typeof message !== "object" || message === null) return JSON.stringify(message);
      const { role, content, type, name } = message as Record<string, unknown>;
      if (type === "placeholder") return `[placeholder: ${String(name)}]`;
      const body = typeof content === "string" ? content : JSON.stringify(content, null, 2);
      return `[${String(role ?? "message")}]\n${body}`;
    })
    .join("\n\n");
}
