/**
 * One maxout unit with K linear pieces: z_k = W[k]·x + b[k], y = max_k z_k.
 * Returns y, the index k of a winning piece (0-based), and the gradient dx = ∂y/∂x.
 */
export function maxout(x: number[], W: number[][], b: number[]): { y: number; k: number; dx: number[] } {
  // TODO
  return { y: 0, k: 0, dx: x.map(() => 0) };
}
