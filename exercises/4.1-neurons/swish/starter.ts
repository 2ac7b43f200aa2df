/**
 * Swish with a learnable β: y = x·σ(βx).
 * Returns the output and its partial derivatives with respect to x and to β.
 */
export function swish(x: number, beta: number): { y: number; dx: number; dbeta: number } {
  // TODO
  return { y: 0, dx: 0, dbeta: 0 };
}
