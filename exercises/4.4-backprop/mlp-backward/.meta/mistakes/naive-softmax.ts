// Softmax without subtracting the maximum logit: exp overflows for large logits and ŷ becomes NaN.
type Activation = 'sigmoid' | 'tanh' | 'relu';

export interface Net {
  /** W[k] is W⁽ᵏ⁺¹⁾, of shape M_{k+1} × M_k. */
  W: number[][][];
  /** b[k] is b⁽ᵏ⁺¹⁾, of length M_{k+1}. */
  b: number[][];
  /** f_l for every hidden layer; the output layer is softmax. */
  activation: Activation;
}

const ACTIVATIONS: Record<Activation, { f: (z: number) => number; fPrime: (z: number) => number }> = {
  sigmoid: {
    f: (z) => 1 / (1 + Math.exp(-z)),
    fPrime: (z) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    },
  },
  tanh: { f: Math.tanh, fPrime: (z) => 1 - Math.tanh(z) ** 2 },
  relu: { f: (z) => Math.max(0, z), fPrime: (z) => (z > 0 ? 1 : 0) },
};

/** W·v for W of shape m × n and v of length n. */
function matVec(W: number[][], v: number[]): number[] {
  return W.map((row) => row.reduce((s, w, j) => s + w * v[j], 0));
}

/** Wᵀ·v for W of shape m × n and v of length m. */
function matTVec(W: number[][], v: number[]): number[] {
  return W[0].map((_, j) => W.reduce((s, row, i) => s + row[j] * v[i], 0));
}

function softmax(z: number[]): number[] {
  const e = z.map((v) => Math.exp(v));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

/** ∂L/∂W⁽ˡ⁾ and ∂L/∂b⁽ˡ⁾ of L = −yᵀ log softmax(z⁽ᴸ⁾) for one sample (x, y). */
export function backward(net: Net, x: number[], y: number[]): { dW: number[][][]; db: number[][] } {
  const { f, fPrime } = ACTIVATIONS[net.activation];
  const L = net.W.length;

  // Forward pass, keeping every net input z⁽ˡ⁾ (zs[l − 1]) and activation a⁽ˡ⁾ (as[l], as[0] = x).
  const zs: number[][] = [];
  const as: number[][] = [x];
  for (let k = 0; k < L; k++) {
    const z = matVec(net.W[k], as[k]).map((v, i) => v + net.b[k][i]);
    zs.push(z);
    if (k < L - 1) as.push(z.map(f));
  }

  // Backward pass: δ⁽ᴸ⁾ = ŷ − y, then δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾.
  const dW: number[][][] = new Array(L);
  const db: number[][] = new Array(L);
  let delta = softmax(zs[L - 1]).map((p, c) => p - y[c]);
  for (let k = L - 1; k >= 0; k--) {
    dW[k] = delta.map((d) => as[k].map((a) => d * a)); // δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ
    db[k] = delta.slice();
    if (k > 0) {
      const back = matTVec(net.W[k], delta);
      delta = zs[k - 1].map((z, j) => fPrime(z) * back[j]);
    }
  }
  return { dW, db };
}
