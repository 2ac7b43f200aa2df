// Reads the activation once, from the first layer, and uses it for every layer.
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';
export interface Layer {
  W: number[][];
  b: number[];
  activation: Activation;
}

const ACTIVATIONS: Record<Activation, (z: number) => number> = {
  sigmoid: (z) => 1 / (1 + Math.exp(-z)),
  tanh: Math.tanh,
  relu: (z) => Math.max(0, z),
  leakyRelu: (z) => (z > 0 ? z : 0.01 * z),
  linear: (z) => z,
};

export function forward(layers: Layer[], x: number[]): { z: number[][]; a: number[][] } {
  const f = ACTIVATIONS[layers[0].activation];
  const z: number[][] = [[]];
  const a: number[][] = [x.slice()];
  for (const { W, b } of layers) {
    const prev = a[a.length - 1];
    const zl = W.map((row, i) => row.reduce((s, w, j) => s + w * prev[j], b[i]));
    z.push(zl);
    a.push(zl.map(f));
  }
  return { z, a };
}
