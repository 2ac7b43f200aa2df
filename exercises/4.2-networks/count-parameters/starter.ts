/** Layers L, weights, biases and total parameters of a network with widths [M₀, M₁, …, M_L]. */
export function countParameters(sizes: number[]): { layers: number; weights: number; biases: number; total: number } {
  // TODO: layer l (l = 1..L) has a W⁽ˡ⁾ of M_l × M_{l−1} weights and a b⁽ˡ⁾ of M_l biases.
  return { layers: 0, weights: 0, biases: 0, total: 0 };
}
