export type Activation = 'sigmoid' | 'tanh' | 'relu';
export interface Layer {
  W: number[][];
  b: number[];
}
export interface Network {
  activation: Activation;
  layers: Layer[];
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const FUNCTIONS: Record<Activation, { f: (z: number) => number; df: (z: number) => number }> = {
  sigmoid: { f: sigmoid, df: (z) => sigmoid(z) * sigmoid(-z) },
  tanh: { f: Math.tanh, df: (z) => 1 / Math.cosh(z) ** 2 },
  relu: { f: (z) => (z > 0 ? z : 0), df: (z) => (z > 0 ? 1 : 0) },
};

export function deltaNorms(net: Network, x: number[], y: number[]): number[] {
  const { f, df } = FUNCTIONS[net.activation];
  const L = net.layers.length;

  const zs: number[][] = [];
  let a = x;
  net.layers.forEach(({ W, b }, k) => {
    const z = W.map((row, i) => row.reduce((s, w, j) => s + w * a[j], b[i]));
    zs.push(z);
    a = k < L - 1 ? z.map(f) : z;
  });

  // Softmax with cross-entropy: δ⁽ᴸ⁾ = ŷ − y.
  const zL = zs[L - 1];
  const m = Math.max(...zL);
  const e = zL.map((v) => Math.exp(v - m));
  const sum = e.reduce((s, v) => s + v, 0);
  const deltas: number[][] = new Array(L);
  deltas[L - 1] = e.map((v, c) => v / sum - y[c]);

  // δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾: one factor f′ per layer on the way down.
  for (let l = L - 2; l >= 0; l--) {
    const next = net.layers[l + 1].W;
    const dNext = deltas[l + 1];
    deltas[l] = zs[l].map((z, j) => {
      let back = 0;
      for (let i = 0; i < dNext.length; i++) back += next[i][j] * dNext[i];
      return df(z) * back;
    });
  }
  return deltas.map((d) => Math.sqrt(d.reduce((s, v) => s + v * v, 0)));
}
