/** Numbers as the feedback shows them: short, exact enough to compare, NaN and ±∞ spelled out. */
export function formatNumber(v: number | string | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) return v.toExponential(4);
  return String(Number(v.toPrecision(7)));
}

export function formatRelError(v: number | string | undefined): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (v === 0) return '0';
  // As the grader's sentences say it: 50%, 0.37%, 2.1e-7.
  return v < 1e-3 ? v.toExponential(1) : `${Number((v * 100).toPrecision(3))}%`;
}

export function percent(score: number | null | undefined): string {
  return score === null || score === undefined ? '–' : `${Math.round(score * 100)}%`;
}

/** Axis labels: three significant digits, so a label fits beside a small plot. */
export function formatAxis(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs < 1e-3 || abs >= 1e5) return v.toExponential(1);
  return String(Number(v.toPrecision(3)));
}
