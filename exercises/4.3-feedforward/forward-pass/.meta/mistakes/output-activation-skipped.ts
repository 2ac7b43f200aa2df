// Treats the output layer as linear: a⁽ᴸ⁾ = z⁽ᴸ⁾ whatever f_L is.
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
  const z: number[][] = [[]];
  const a: number[][] = [x.slice()];
  layers.forEach(({ W, b, activation }, k) => {
    const prev = a[a.length - 1];
    const zl = W.map((row, i) => row.reduce((s, w, j) => s + w * prev[j], b[i]));
    z.push(zl);
    a.push(k === layers.length - 1 ? zl.slice() : zl.map(ACTIVATIONS[activation]));
  });
  return { z, a };
}
