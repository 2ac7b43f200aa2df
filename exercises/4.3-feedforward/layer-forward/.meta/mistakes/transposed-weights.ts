// Reads W by columns (Wᵀx): one output per column of W instead of one per row.
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
  const out: number[] = [];
  for (let j = 0; j < W[0].length; j++) {
    let z = b[j];
    for (let i = 0; i < W.length; i++) z += W[i][j] * x[i];
    out.push(f(z));
  }
  return out;
}
