/** ReLU(x) = max(0, x). */
export function relu(x: number): number {
  // TODO
  return 0;
}

/** The derivative of ReLU: 1 for x > 0, 0 for x < 0, and a subgradient in [0, 1] at x = 0. */
export function reluPrime(x: number): number {
  // TODO
  return 0;
}
