// How numbers read in the explorer. Unknown is "–", never 0 (a null cost is not free).

export const UNKNOWN = "–";

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return UNKNOWN;
  if (usd === 0) return "$0";
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  // Two significant digits for small amounts ($0.000042), at least four decimals.
  const decimals = Math.min(10, Math.max(4, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(decimals)}`;
}

/** Seconds as "850 ms", "2.35 s", "3m 05s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return UNKNOWN;
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${seconds.toFixed(2)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${String(Math.round(seconds % 60)).padStart(2, "0")}s`;
}

const integer = new Intl.NumberFormat("en-US");

/** Token counts; no usage recorded (null) shows "–" rather than a made-up 0. */
export function formatTokens(tokens: number | null | undefined): string {
  if (tokens === null || tokens === undefined) return UNKNOWN;
  return integer.format(tokens);
}

export function formatCount(count: number): string {
  return integer.format(count);
}

/** "1 trace", "20,000 observations". */
export function plural(count: number, noun: string): string {
  return `${integer.format(count)} ${noun}${count === 1 ? "" : "s"}`;
}

/** Local date and time to the second: "2026-05-01 10:00:00". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return UNKNOWN;
  const at = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, "0");
  return (
    `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())} ` +
    `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Seconds between two ISO times; null when either is missing. */
export function secondsBetween(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  return Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000);
}
