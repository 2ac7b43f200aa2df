/** Rows × columns. Scalars are 1×1; column vectors n×1 (the book's convention). */
export interface Shape {
  rows: number;
  cols: number;
}

export const SCALAR: Shape = Object.freeze({ rows: 1, cols: 1 });

export function isScalar(s: Shape): boolean {
  return s.rows === 1 && s.cols === 1;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.rows === b.rows && a.cols === b.cols;
}

/**
 * `3×1`, followed by the question's dimension names when every size has one, e.g. `4×3 (M_next×M_l)`.
 * Questions give their dimensions distinct sizes, so a size names its dimension unambiguously.
 */
export function formatShape(s: Shape, dims?: ReadonlyMap<string, number>): string {
  const plain = `${s.rows}×${s.cols}`;
  if (!dims || dims.size === 0 || isScalar(s)) return isScalar(s) ? `1×1` : plain;
  const byName = (n: number): string | undefined => {
    if (n === 1) return '1';
    const names = [...dims].filter(([, size]) => size === n).map(([name]) => name);
    return names.length === 1 ? names[0] : undefined;
  };
  const r = byName(s.rows);
  const c = byName(s.cols);
  return r && c ? `${plain} (${r}×${c})` : plain;
}
