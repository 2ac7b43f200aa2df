export interface Net {
  /** W[k] is W⁽ᵏ⁺¹⁾, of shape M_{k+1} × M_k (W[k][i][j] = w⁽ᵏ⁺¹⁾_ij). */
  W: number[][][];
  /** b[k] is b⁽ᵏ⁺¹⁾, of length M_{k+1}. */
  b: number[][];
  /** The activation f of every hidden layer; the output layer is softmax. */
  activation: 'sigmoid' | 'tanh' | 'relu';
}

/**
 * ∂L/∂W⁽ˡ⁾ and ∂L/∂b⁽ˡ⁾ for every layer, where L = −yᵀ log softmax(z⁽ᴸ⁾) and y is one-hot.
 * dW[k] has the shape of net.W[k]; db[k] the length of net.b[k].
 */
export function backward(net: Net, x: number[], y: number[]): { dW: number[][][]; db: number[][] } {
  // TODO: 1. forward pass, keeping every z⁽ˡ⁾ and a⁽ˡ⁾ (a⁽⁰⁾ = x)
  //       2. δ⁽ᴸ⁾ = ŷ − y
  //       3. δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ for l = L − 1, …, 1
  //       4. ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ, ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾
  return {
    dW: net.W.map((W) => W.map((row) => row.map(() => 0))),
    db: net.b.map((b) => b.map(() => 0)),
  };
}
