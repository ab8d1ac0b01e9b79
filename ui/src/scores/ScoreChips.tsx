import type { Score } from "../api/types";
import { scoreValue } from "./scoreValue";

/** One chip per score: "name: value", with who gave it and the comment on hover. */
export function ScoreChips({ scores }: { scores: Score[] }) {
  if (scores.length === 0) return null;
  return (
    <span className="chips" aria-label="scores">
      {scores.map((score) => (
        <span
          key={score.id}
          className={`chip source-${score.source.toLowerCase()}`}
          title={[score.source.toLowerCase(), score.comment].filter(Boolean).join(": ")}
        >
          {score.name}: <b>{scoreValue(score)}</b>
        </span>
      ))}
    </span>
  );
}
