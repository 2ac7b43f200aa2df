// Gives each layer one bias per *input* (M_{l−1}) instead of one per neuron (M_l).
export function countParameters(sizes: number[]): { layers: number; weights: number; biases: number; total: number } {
  let weights = 0;
  let biases = 0;
  for (let l = 1; l < sizes.length; l++) {
    weights += sizes[l] * sizes[l - 1];
    biases += sizes[l - 1];
  }
  return { layers: sizes.length - 1, weights, biases, total: weights + biases };
}
