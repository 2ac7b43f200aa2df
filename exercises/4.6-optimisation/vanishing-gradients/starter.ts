export type Activation = 'sigmoid' | 'tanh' | 'relu';
export interface Layer {
  W: number[][];
  b: number[];
}
export interface Network {
  /** f_l of every hidden layer; the last layer is linear and feeds a softmax */
  activation: Activation;
  layers: Layer[];
}

/** ‖δ⁽ˡ⁾‖₂ for l = 1..L (index l − 1), for one sample x with one-hot label y. */
export function deltaNorms(net: Network, x: number[], y: number[]): number[] {
  // TODO: forward (keep every z⁽ˡ⁾), δ⁽ᴸ⁾ = softmax(z⁽ᴸ⁾) − y, then
  // δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ down to l = 1; return the Euclidean norm of each.
  return net.layers.map(() => 0);
}
