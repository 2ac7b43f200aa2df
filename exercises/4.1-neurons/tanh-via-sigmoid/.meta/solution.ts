// 2σ(2x) − 1 = (1 − e^{−2x}) / (1 + e^{−2x}). For x ≥ 0 the exponential e^{−2x} lies in (0, 1], so
// nothing overflows, and expm1 gives 1 − e^{−2x} with full relative precision even for tiny x.
// tanh is odd, which covers x < 0.
export function tanhViaSigmoid(x: number): number {
  if (x < 0) return -tanhViaSigmoid(-x);
  const m = Math.expm1(-2 * x); // e^{−2x} − 1, in (−1, 0]
  return -m / (2 + m);
}
