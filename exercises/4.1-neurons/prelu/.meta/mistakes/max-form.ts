// max(x, γx): the same as PReLU only while γ ≤ 1.
export function prelu(x: number, gamma: number): { y: number; dx: number; dgamma: number } {
  if (x >= gamma * x) return { y: x, dx: 1, dgamma: 0 };
  return { y: gamma * x, dx: gamma, dgamma: x };
}
