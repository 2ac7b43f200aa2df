// Treats the bias like a weight on the inputs: db_i = δ_i·Σ_j a_j.
export function layerGradients(delta: number[], aPrev: number[]): { dW: number[][]; db: number[] } {
  const dW = delta.map((d) => aPrev.map((a) => d * a));
  const total = aPrev.reduce((s, a) => s + a, 0);
  return { dW, db: delta.map((d) => d * total) };
}
