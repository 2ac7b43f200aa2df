/**
 * softmax(z)_c = exp(z_c − m) / Σ_k exp(z_k − m) with m = max z: the same value as the textbook
 * formula, but every exponent is ≤ 0 (no overflow) and the largest term is exp(0) = 1, so the
 * sum is at least 1 (never 0).
 */
export function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((zc) => Math.exp(zc - m));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}
