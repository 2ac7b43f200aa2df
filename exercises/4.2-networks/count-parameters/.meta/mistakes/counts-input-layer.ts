// Counts the input layer as a layer: L = sizes.length.
export function countParameters(sizes: number[]): { layers: number; weights: number; biases: number; total: number } {
  let weights = 0;
  let biases = 0;
  for (let l = 1; l < sizes.length; l++) {
    weights += sizes[l] * sizes[l - 1];
    biases += sizes[l];
  }
  return { layers: sizes.length, weights, biases, total: weights + biases };
}
