import type { Heatmap as HeatmapData } from '../../grader/results';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { formatRelError } from './numbers';

/** A matrix of relative errors (0 = right, 1 = completely wrong) as a grid of shaded cells. */
export function Heatmap({ data, t }: { data: HeatmapData; t: Messages['feedback'] }) {
  const { rows, cols, values } = data;
  const cell = Math.max(10, Math.min(28, Math.floor(280 / Math.max(rows, cols, 1))));
  const width = cols * cell;
  const height = rows * cell;
  let worst = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[worst] ?? 0)) worst = i;
  const worstLabel = format(t.heatmapCell, { row: Math.floor(worst / cols), col: worst % cols, value: formatRelError(values[worst]) });
  return (
    <figure className="heatmap">
      <figcaption>
        <strong>{data.label}</strong> <span className="muted">({rows}×{cols})</span>
      </figcaption>
      <svg width={width + 2} height={height + 2} viewBox={`-1 -1 ${width + 2} ${height + 2}`} role="img" aria-label={`${data.label}: ${worstLabel}`}>
        {values.map((v, i) => {
          const r = Math.floor(i / cols);
          const c = i % cols;
          const value = Math.max(0, Math.min(1, v));
          return (
            <rect key={i} x={c * cell} y={r * cell} width={cell} height={cell} fill={shade(value)} stroke="#ffffff" strokeWidth={1}>
              <title>{format(t.heatmapCell, { row: r, col: c, value: formatRelError(v) })}</title>
            </rect>
          );
        })}
        <rect x={0} y={0} width={width} height={height} fill="none" stroke="#9aa3b5" />
      </svg>
    </figure>
  );
}

/** White (right) through orange to deep red (wrong); a tiny error still shows a tint. */
function shade(v: number): string {
  if (v <= 0) return '#f3f6f4';
  const t = Math.min(1, 0.15 + 0.85 * Math.sqrt(v));
  const r = Math.round(255 - t * (255 - 180));
  const g = Math.round(235 - t * (235 - 35));
  const b = Math.round(205 - t * (205 - 24));
  return `rgb(${r}, ${g}, ${b})`;
}
