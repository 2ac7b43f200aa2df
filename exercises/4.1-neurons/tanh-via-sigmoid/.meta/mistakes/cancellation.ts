// A stable σ, but 2σ(2x) − 1 cancels catastrophically near x = 0.
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function tanhViaSigmoid(x: number): number {
  return 2 * sigmoid(2 * x) - 1;
}
