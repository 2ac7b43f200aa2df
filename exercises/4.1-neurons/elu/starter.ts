/** ELU: x for x > 0, γ(eˣ − 1) for x ≤ 0. */
export function elu(x: number, gamma: number): number {
  // TODO
  return 0;
}

/** Its derivative with respect to x: 1 for x > 0, γeˣ for x < 0 (at x = 0, anything in between). */
export function eluPrime(x: number, gamma: number): number {
  // TODO
  return 0;
}
