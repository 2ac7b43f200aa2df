// σ that only ever exponentiates a non-positive number, so no overflow for any βx.
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function swish(x: number, beta: number): { y: number; dx: number; dbeta: number } {
  const z = beta * x;
  const s = sigmoid(z);
  const ds = s * sigmoid(-z); // σ′(z) = σ(z)(1 − σ(z)), without the cancellation of 1 − σ for large z
  return { y: x * s, dx: s + z * ds, dbeta: x * x * ds };
}
