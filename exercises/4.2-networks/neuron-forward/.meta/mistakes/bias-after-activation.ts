// Adds the bias to the activation instead of the net input: a = f(wᵀx) + b.
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

function activate(z: number, activation: Activation): number {
  if (activation === 'sigmoid') return 1 / (1 + Math.exp(-z));
  if (activation === 'tanh') return Math.tanh(z);
  if (activation === 'relu') return Math.max(0, z);
  if (activation === 'leakyRelu') return z > 0 ? z : 0.01 * z;
  return z;
}

export function neuron(w: number[], x: number[], b: number, activation: Activation): { z: number; a: number } {
  let z = 0;
  for (let d = 0; d < w.length; d++) z += w[d] * x[d];
  return { z: z + b, a: activate(z, activation) + b };
}
