export function layerGradients(delta: number[], aPrev: number[]): { dW: number[][]; db: number[] } {
  // w_ij only reaches the loss through z_i, with ∂z_i/∂w_ij = a_j: an outer product.
  const dW = delta.map((d) => aPrev.map((a) => d * a));
  return { dW, db: delta.slice() };
}
