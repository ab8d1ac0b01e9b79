import type { Level } from "../api/types";

/** Warnings, errors and debug rows stand out; the default level shows nothing. */
export function LevelBadge({ level, message }: { level: Level; message?: string | null }) {
  if (level === "DEFAULT") return null;
  return (
    <span className={`badge level-${level.toLowerCase()}`} title={message ?? undefined}>
      {level.toLowerCase()}
    </span>
  );
}
