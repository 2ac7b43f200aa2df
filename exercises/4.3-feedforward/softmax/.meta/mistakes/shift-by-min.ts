// Subtracts the smallest logit instead of the largest: every exponent is ≥ 0, so a spread of
// more than ~709 between logits overflows to Infinity and Infinity/Infinity is NaN.
export function softmax(z: number[]): number[] {
  const m = Math.min(...z);
  const e = z.map((zc) => Math.exp(zc - m));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}
