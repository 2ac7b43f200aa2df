/** Leaky ReLU: x for x > 0, γx for x ≤ 0. */
export function leakyRelu(x: number, gamma: number): number {
  // TODO
  return 0;
}

/** Its derivative with respect to x: 1 for x > 0, γ for x < 0 (at x = 0, anything in between). */
export function leakyReluPrime(x: number, gamma: number): number {
  // TODO
  return 0;
}
