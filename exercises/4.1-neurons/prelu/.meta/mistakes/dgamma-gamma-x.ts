// ∂y/∂γ on the left taken as γx (the output) instead of x.
export function prelu(x: number, gamma: number): { y: number; dx: number; dgamma: number } {
  if (x > 0) return { y: x, dx: 1, dgamma: 0 };
  return { y: gamma * x, dx: gamma, dgamma: gamma * x };
}
