export interface Point {
  label: string;
  /** Null draws no bar: nothing is known there (not zero). */
  value: number | null;
}

const WIDTH = 600;
const HEIGHT = 120;
const LABELS = 6;

/** Bars over time, drawn in SVG (no chart library). */
export function BarChart({ title, points, format }: { title: string; points: Point[]; format(value: number): string }) {
  const max = Math.max(0, ...points.map((point) => point.value ?? 0));
  const slot = WIDTH / Math.max(1, points.length);
  const every = Math.max(1, Math.ceil(points.length / LABELS));
  return (
    <figure className="chart">
      <figcaption>
        {title} <span className="muted">· max {max > 0 ? format(max) : "–"}</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + 16}`} role="img" aria-label={title}>
        {points.map((point, index) => {
          const height = point.value && max > 0 ? (point.value / max) * HEIGHT : 0;
          return (
            <g key={index}>
              {point.value !== null && (
                <rect x={index * slot + 1} y={HEIGHT - height} width={Math.max(1, slot - 2)} height={height} className="bar-rect">
                  <title>{`${point.label}: ${format(point.value)}`}</title>
                </rect>
              )}
              {index % every === 0 && (
                <text x={index * slot} y={HEIGHT + 12} className="axis">
                  {point.label}
                </text>
              )}
            </g>
          );
        })}
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="axis-line" />
      </svg>
    </figure>
  );
}
