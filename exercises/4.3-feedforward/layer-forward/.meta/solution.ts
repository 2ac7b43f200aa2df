export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const ACTIVATIONS: Record<Activation, (z: number) => number> = {
  sigmoid,
  tanh: Math.tanh,
  relu: (z) => (z > 0 ? z : 0),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
  linear: (z) => z,
};

export function layerForward(W: number[][], b: number[], x: number[], activation: Activation): number[] {
  const f = ACTIVATIONS[activation];
  return W.map((row, i) => {
    let z = b[i];
    for (let j = 0; j < row.length; j++) z += row[j] * x[j];
    return f(z);
  });
}
