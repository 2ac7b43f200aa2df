// Scales the output but not the input: 2σ(x) − 1 = tanh(x/2).
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function tanhViaSigmoid(x: number): number {
  return 2 * sigmoid(x) - 1;
}
