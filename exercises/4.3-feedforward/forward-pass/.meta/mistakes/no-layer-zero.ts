// Keeps only layers 1..L: z and a start at z⁽¹⁾ and a⁽¹⁾ (the input a⁽⁰⁾ = x is not stored).
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
  const z: number[][] = [];
  const a: number[][] = [];
  let prev = x;
  for (const { W, b, activation } of layers) {
    const zl = W.map((row, i) => row.reduce((s, w, j) => s + w * prev[j], b[i]));
    prev = zl.map(ACTIVATIONS[activation]);
    z.push(zl);
    a.push(prev);
  }
  return { z, a };
}
