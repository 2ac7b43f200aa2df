// ∂y/∂γ = x on both sides, as if y were γx everywhere.
export function prelu(x: number, gamma: number): { y: number; dx: number; dgamma: number } {
  if (x > 0) return { y: x, dx: 1, dgamma: x };
  return { y: gamma * x, dx: gamma, dgamma: x };
}
