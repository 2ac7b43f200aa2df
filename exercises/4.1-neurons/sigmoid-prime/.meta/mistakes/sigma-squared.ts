// Multiplies σ by itself: σ(x)·σ(x) instead of σ(x)(1 − σ(x)).
export function sigmoidPrime(x: number): number {
  const s = 1 / (1 + Math.exp(-x));
  return s * s;
}
