export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

/** a⁽ˡ⁾ = f(W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾), with W of M_l rows and M_{l−1} columns. */
export function layerForward(W: number[][], b: number[], x: number[], activation: Activation): number[] {
  // TODO: for each neuron i, z_i = Σ_j W[i][j]·x[j] + b[i]; then apply the activation.
  return b.map(() => 0);
}
