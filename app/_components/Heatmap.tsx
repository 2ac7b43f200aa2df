import type { Heatmap as HeatmapData } from '../../grader/results';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { formatNumber, formatRelError } from './numbers';

/** Below this relative error a cell counts as right in the text alternative (the grader's tolerances are tighter still). */
const WRONG = 1e-6;

/**
 * Relative errors (0 = right, 1 = completely wrong) as shaded cells: a matrix as a grid, a vector
 * as one column. Rows and columns are counted from 1, as in the statements. The text alternative
 * says how many entries are wrong and which is worst, with both values.
 */
export function Heatmap({ data, t }: { data: HeatmapData; t: Messages['feedback'] }) {
  const { rows, cols, values } = data;
  const vector = data.kind ? data.kind === 'vector' : cols === 1;
  const cell = Math.max(8, Math.min(20, Math.floor(240 / Math.max(rows, cols, 1))));
  const width = cols * cell;
  const height = rows * cell;
  const where = (i: number) =>
    vector ? format(t.entryAt, { i: i + 1 }) : format(t.rowColumn, { row: Math.floor(i / cols) + 1, col: (i % cols) + 1 });
  const alt = heatmapText(data, t, where);
  const shape = vector ? format(t.vectorShape, { n: rows }) : `${rows}×${cols}`;
  return (
    <figure className="heatmap">
      <figcaption>
        <strong>{data.label}</strong> <span className="muted">({shape})</span>
      </figcaption>
      <svg width={width + 2} height={height + 2} viewBox={`-1 -1 ${width + 2} ${height + 2}`} role="img" aria-label={alt}>
        {values.map((v, i) => {
          const r = Math.floor(i / cols);
          const c = i % cols;
          const value = Math.max(0, Math.min(1, v));
          return (
            <rect key={i} x={c * cell} y={r * cell} width={cell} height={cell} fill={shade(value)} stroke="#ffffff" strokeWidth={1}>
              <title>{`${where(i)}: ${formatRelError(v)}`}</title>
            </rect>
          );
        })}
        <rect x={0} y={0} width={width} height={height} fill="none" stroke="#9aa3b5" />
      </svg>
    </figure>
  );
}

export function heatmapText(data: HeatmapData, t: Messages['feedback'], where: (i: number) => string): string {
  const { rows, cols, values } = data;
  const vector = data.kind ? data.kind === 'vector' : cols === 1;
  const shape = vector ? format(t.vectorShape, { n: rows }) : `${rows}×${cols}`;
  let worst = 0;
  let wrong = 0;
  for (let i = 0; i < values.length; i++) {
    if ((values[i] ?? 0) > WRONG) wrong++;
    if ((values[i] ?? 0) > (values[worst] ?? 0)) worst = i;
  }
  if (wrong === 0) return format(t.heatmapAltRight, { name: data.label, shape });
  const params = { name: data.label, shape, wrong, total: values.length, where: where(worst), rel: formatRelError(values[worst]) };
  if (data.expected && data.got) {
    return format(t.heatmapAlt, { ...params, expected: formatNumber(data.expected[worst]), got: formatNumber(data.got[worst]) });
  }
  return format(t.heatmapAltNoValues, params);
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
