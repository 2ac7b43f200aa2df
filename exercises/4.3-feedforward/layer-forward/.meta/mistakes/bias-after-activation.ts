// Adds the bias after the activation: f(Wx) + b.
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

const ACTIVATIONS: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
  linear: (z) => z,
};

export function layerForward(W: number[][], b: number[], x: number[], activation: Activation): number[] {
  const f = ACTIVATIONS[activation];
  return W.map((row, i) => {
    let z = 0;
    for (let j = 0; j < row.length; j++) z += row[j] * x[j];
    return f(z) + b[i];
  });
}
