/** The logistic function σ(x) = 1 / (1 + exp(−x)). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** σ′(x) = σ(x)(1 − σ(x)), correct for every finite x. */
export function sigmoidPrime(x: number): number {
  // TODO: return the derivative of the logistic function at x.
  return 0;
}
