import type { Plot as PlotData } from '../../grader/results';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { formatAxis, formatNumber } from './numbers';

const W = 360;
const H = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 32 };

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The student's scalar function against the reference: both as curves over a dense grid (when the
 * grader could evaluate one), the check's own inputs as dots. The text alternative names the range,
 * how many points differ and the largest gap with both values.
 */
export function Plot({ data, t, caption, xDomain, check }: { data: PlotData; t: Messages['feedback']; caption?: string; xDomain?: [number, number]; check?: string }) {
  const samples = data.samples;
  const ys = [...data.expected, ...data.got, ...(samples?.got ?? [])].filter(finite);
  // Small multiples share their x range, so the function and its derivative line up.
  const xs = [...data.x, ...(samples?.x ?? []), ...(xDomain ?? [])].filter(finite);
  if (xs.length === 0 || ys.length === 0) return null;
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const order = data.x.map((_, i) => i).sort((a, b) => data.x[a]! - data.x[b]!);

  const path = (series: (number | null)[]) => {
    let d = '';
    let pen = false;
    for (const i of order) {
      const y = series[i];
      if (!finite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${sx(data.x[i]!).toFixed(1)},${sy(y).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  const dots = samples ?? data;
  // Stretches of x where the curves disagree, shaded; each reaches half a grid step either side.
  const half = data.x.length > 1 ? (Math.max(...data.x) - Math.min(...data.x)) / (data.x.length - 1) / 2 : 0;
  const regions = samples ? disagreements(data).map(([a, b]) => [Math.max(x0, a - half), Math.min(x1, b + half)] as const) : [];
  const kinks = (data.kinks ?? []).filter((k) => k >= x0 && k <= x1);

  return (
    <figure className="plot" data-testid="plot" data-check={check}>
      <figcaption>{caption ?? t.plot}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={plotText(data, t)}>
        <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} stroke="#9aa3b5" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} stroke="#9aa3b5" />
        {y0 < 0 && y1 > 0 && <line x1={PAD.left} y1={sy(0)} x2={W - PAD.right} y2={sy(0)} stroke="#dde1ea" />}
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" fontSize="10">{formatAxis(y1)}</text>
        <text x={PAD.left - 4} y={H - PAD.bottom} textAnchor="end" fontSize="10">{formatAxis(y0)}</text>
        <text x={PAD.left} y={H - PAD.bottom + 14} textAnchor="middle" fontSize="10">{formatAxis(x0)}</text>
        <text x={W - PAD.right} y={H - PAD.bottom + 14} textAnchor="end" fontSize="10">{formatAxis(x1)}</text>
        <text x={(W + PAD.left) / 2} y={H - 4} textAnchor="middle" fontSize="11">{data.xLabel}</text>
        {data.yLabel && (
          <text x={10} y={(H - PAD.bottom + PAD.top) / 2} textAnchor="middle" fontSize="11" transform={`rotate(-90 10 ${(H - PAD.bottom + PAD.top) / 2})`} data-testid="plot-y-label">
            {data.yLabel}
          </text>
        )}
        {regions.map(([a, b], i) => (
          <rect key={`r${i}`} data-testid="plot-differs" x={sx(a)} y={PAD.top} width={Math.max(2, sx(b) - sx(a))} height={H - PAD.top - PAD.bottom} fill="#b42318" fillOpacity={0.12} />
        ))}
        {kinks.map((k, i) => (
          <g key={`k${i}`} data-testid="plot-kink">
            <line x1={sx(k)} y1={PAD.top} x2={sx(k)} y2={H - PAD.bottom} stroke="#6b7385" strokeDasharray="2 3" />
            <text x={sx(k) + 3} y={PAD.top + 10} fontSize="10" fill="#4a5264">{t.plotKink}</text>
          </g>
        ))}
        <path d={path(data.expected)} fill="none" stroke="#3451b2" strokeWidth={2} />
        <path d={path(data.got)} fill="none" stroke="#b42318" strokeWidth={2} strokeDasharray="5 3" />
        {dots.x.map((x, i) => (finite(dots.got[i]) ? <circle key={i} cx={sx(x)} cy={sy(dots.got[i]!)} r={2.5} fill="#b42318" /> : null))}
      </svg>
      <div className="legend">
        <span className="legend-expected">━ {t.plotExpected}</span> <span className="legend-got">┅ {t.plotGot}</span>
        {samples && <span className="legend-got">● {t.plotSamples}</span>}
        {regions.length > 0 && <span className="legend-differs">▮ {t.plotDiffers}</span>}
        {kinks.length > 0 && <span className="muted">┊ {t.plotKink}</span>}
      </div>
    </figure>
  );
}

/** The data that matters, in words: range, how many points differ, and where the gap is largest. */
export function plotText(data: PlotData, t: Messages['feedback']): string {
  const xs = data.x.filter(finite);
  const base = { title: t.plot, x: data.xLabel, x0: formatAxis(Math.min(...xs)), x1: formatAxis(Math.max(...xs)), total: data.x.length };
  let wrong = 0;
  let worst = -1;
  let gap = -1;
  data.x.forEach((_, i) => {
    const e = data.expected[i];
    const g = data.got[i];
    const d = finite(e) && finite(g) ? Math.abs(e - g) : finite(e) !== finite(g) ? Number.POSITIVE_INFINITY : 0;
    const scale = Math.max(1e-12, Math.abs(e ?? 0), Math.abs(g ?? 0));
    if (d / scale > 1e-6) wrong++;
    if (d > gap) [gap, worst] = [d, i];
  });
  const kinks = data.kinks && data.kinks.length > 0 ? format(t.plotAltKinks, { x: data.xLabel, at: data.kinks.map(formatAxis).join(', ') }) : '';
  if (wrong === 0 || worst < 0) return format(t.plotAltSame, base) + kinks;
  const regions = data.samples ? disagreements(data) : [];
  const stretches = regions.length > 0 ? format(t.plotAltRegions, { n: regions.length, ranges: regions.slice(0, 4).map(([a, b]) => (a === b ? formatAxis(a) : `${formatAxis(a)} … ${formatAxis(b)}`)).join(', ') }) : '';
  return format(t.plotAlt, {
    ...base,
    wrong,
    at: formatNumber(data.x[worst]),
    expected: formatNumber(data.expected[worst]),
    got: formatNumber(data.got[worst]),
  }) + stretches + kinks;
}

/** Whether the two curves differ at grid point i: beyond a relative 1e-6, or one of them missing. */
function differs(data: PlotData, i: number): boolean {
  const e = data.expected[i];
  const g = data.got[i];
  if (!finite(e) || !finite(g)) return finite(e) !== finite(g);
  return Math.abs(e - g) > 1e-9 + 1e-6 * Math.max(Math.abs(e), Math.abs(g));
}

/** The stretches of the dense grid where the curves differ, as [first x, last x] in x order. */
export function disagreements(data: PlotData): [number, number][] {
  const order = data.x.map((_, i) => i).sort((a, b) => data.x[a]! - data.x[b]!);
  const out: [number, number][] = [];
  let start: number | undefined;
  let last: number | undefined;
  for (const i of order) {
    if (differs(data, i)) {
      start ??= data.x[i]!;
      last = data.x[i]!;
    } else if (start !== undefined) {
      out.push([start, last!]);
      start = undefined;
    }
  }
  if (start !== undefined) out.push([start, last!]);
  return out;
}
