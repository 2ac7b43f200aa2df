// Returns σ(x) itself instead of its derivative.
export function sigmoidPrime(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
