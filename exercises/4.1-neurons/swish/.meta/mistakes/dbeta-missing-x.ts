// ∂y/∂β with a single factor x.
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function swish(x: number, beta: number): { y: number; dx: number; dbeta: number } {
  const s = sigmoid(beta * x);
  return { y: x * s, dx: s + beta * x * s * (1 - s), dbeta: x * s * (1 - s) };
}
