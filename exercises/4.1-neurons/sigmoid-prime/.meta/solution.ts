// exp is only ever taken of a non-positive number, so nothing overflows.
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export function sigmoidPrime(x: number): number {
  const s = sigmoid(x);
  return s * (1 - s);
}
