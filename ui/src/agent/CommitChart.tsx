import type { CommitPoint } from "./steps";
import { regressed } from "./steps";

const WIDTH = 600;
const HEIGHT = 110;

/** One metric per commit, oldest to newest, as a line with a dot per commit; the commits
 * the server marked as a regression of this metric are drawn red and say so. */
export function CommitChart({
  title,
  points,
  metric,
  value,
  format,
}: {
  title: string;
  points: CommitPoint[];
  metric: "cost" | "latency";
  value(point: CommitPoint): number | null;
  format(value: number): string;
}) {
  const values = points.map(value);
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const step = points.length > 1 ? WIDTH / (points.length - 1) : 0;
  const x = (index: number) => (points.length > 1 ? index * step : WIDTH / 2);
  const y = (v: number) => (max > 0 ? HEIGHT - (v / max) * (HEIGHT - 8) : HEIGHT);
  const line = values
    .map((v, index) => (v === null ? null : `${x(index).toFixed(1)},${y(v).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(" ");
  return (
    <figure className="chart">
      <figcaption>
        {title} <span className="muted">· max {max > 0 ? format(max) : "–"}</span>
      </figcaption>
      <svg viewBox={`-32 -6 ${WIDTH + 64} ${HEIGHT + 26}`} role="img" aria-label={title}>
        <polyline points={line} className="commit-line" />
        {points.map((point, index) => {
          const v = values[index];
          if (v === null || v === undefined) return null;
          const bad = regressed(point, metric);
          return (
            <g key={point.sha} className={bad ? "commit-dot regression" : "commit-dot"} data-sha={point.sha}>
              <circle cx={x(index)} cy={y(v)} r={bad ? 5 : 3.5}>
                <title>{`${point.label} ${point.message ?? ""}: ${format(v)}${bad ? ` · regression (${metric})` : ""}`}</title>
              </circle>
              <text x={x(index)} y={HEIGHT + 16} className="axis" textAnchor="middle">
                {point.label}
              </text>
            </g>
          );
        })}
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="axis-line" />
      </svg>
    </figure>
  );
}
