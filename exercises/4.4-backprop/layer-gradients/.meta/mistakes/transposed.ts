// a⁽ˡ⁻¹⁾δᵀ: the outer product in the wrong order (M_{l−1} × M_l).
export function layerGradients(delta: number[], aPrev: number[]): { dW: number[][]; db: number[] } {
  const dW = aPrev.map((a) => delta.map((d) => a * d));
  return { dW, db: delta.slice() };
}
