/** ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ (M_l × M_{l−1}) and ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾. */
export function layerGradients(delta: number[], aPrev: number[]): { dW: number[][]; db: number[] } {
  // TODO: dW[i][j] = ∂L/∂w_ij; db[i] = ∂L/∂b_i.
  const dW = delta.map(() => aPrev.map(() => 0));
  const db = delta.map(() => 0);
  return { dW, db };
}
