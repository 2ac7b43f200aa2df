// Branch on the sign of x: γ only ever multiplies the negative part, whatever its value.
// At x = 0 we take the left branch: dx = γ (a valid subgradient) and dgamma = 0.
export function prelu(x: number, gamma: number): { y: number; dx: number; dgamma: number } {
  if (x > 0) return { y: x, dx: 1, dgamma: 0 };
  return { y: gamma * x, dx: gamma, dgamma: x };
}
