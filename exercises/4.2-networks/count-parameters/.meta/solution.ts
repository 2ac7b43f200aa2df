export function countParameters(sizes: number[]): { layers: number; weights: number; biases: number; total: number } {
  const layers = sizes.length - 1; // the input layer computes nothing and is not counted
  let weights = 0;
  let biases = 0;
  for (let l = 1; l <= layers; l++) {
    weights += sizes[l] * sizes[l - 1];
    biases += sizes[l];
  }
  return { layers, weights, biases, total: weights + biases };
}
