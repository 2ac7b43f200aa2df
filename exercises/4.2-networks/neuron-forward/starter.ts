export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

/** One neuron: net input z = wᵀx + b, activation a = f(z). */
export function neuron(w: number[], x: number[], b: number, activation: Activation): { z: number; a: number } {
  // TODO: compute the net input z from w, x and b, then apply the activation named by `activation`.
  return { z: 0, a: 0 };
}
