// Gives the input layer biases too: Σ over all of M₀, …, M_L.
export function countParameters(sizes: number[]): { layers: number; weights: number; biases: number; total: number } {
  let weights = 0;
  let biases = sizes[0];
  for (let l = 1; l < sizes.length; l++) {
    weights += sizes[l] * sizes[l - 1];
    biases += sizes[l];
  }
  return { layers: sizes.length - 1, weights, biases, total: weights + biases };
}
