// ∂y/∂x copied from ReLU: 0 on the left.
export function prelu(x: number, gamma: number): { y: number; dx: number; dgamma: number } {
  if (x > 0) return { y: x, dx: 1, dgamma: 0 };
  return { y: gamma * x, dx: 0, dgamma: x };
}
