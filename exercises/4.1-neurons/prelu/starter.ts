/**
 * PReLU with a learnable slope γ: y = max(0, x) + γ·min(0, x).
 * Returns the output and its partial derivatives with respect to x and to γ.
 */
export function prelu(x: number, gamma: number): { y: number; dx: number; dgamma: number } {
  // TODO
  return { y: 0, dx: 0, dgamma: 0 };
}
