// Stores x itself as a[0]: right values, but the caller's later writes to x change a⁽⁰⁾.
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';
export interface Layer {
  W: number[][];
  b: number[];
  activation: Activation;
}

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

export function forward(layers: Layer[], x: number[]): { z: number[][]; a: number[][] } {
  const z: number[][] = [[]];
  const a: number[][] = [x];
  for (const { W, b, activation } of layers) {
    const prev = a[a.length - 1];
    const zl = W.map((row, i) => row.reduce((s, w, j) => s + w * prev[j], b[i]));
    z.push(zl);
    a.push(zl.map(ACTIVATIONS[activation]));
  }
  return { z, a };
}
