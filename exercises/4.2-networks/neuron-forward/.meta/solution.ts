export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

const LEAKY_SLOPE = 0.01;

// exp is only ever taken of a non-positive number, so nothing overflows.
function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function activate(z: number, activation: Activation): number {
  switch (activation) {
    case 'sigmoid':
      return sigmoid(z);
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
    case 'leakyRelu':
      return z > 0 ? z : LEAKY_SLOPE * z;
    case 'linear':
      return z;
  }
}

export function neuron(w: number[], x: number[], b: number, activation: Activation): { z: number; a: number } {
  let z = b;
  for (let d = 0; d < w.length; d++) z += w[d] * x[d];
  return { z, a: activate(z, activation) };
}
