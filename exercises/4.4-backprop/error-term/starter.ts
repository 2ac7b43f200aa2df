/**
 * The error term of layer l: δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾.
 *
 * @param Wnext     W⁽ˡ⁺¹⁾, M_{l+1} rows × M_l columns (Wnext[i][j] = w⁽ˡ⁺¹⁾_ij)
 * @param deltaNext δ⁽ˡ⁺¹⁾, length M_{l+1}
 * @param z         z⁽ˡ⁾, the net input of layer l, length M_l
 * @param fPrime    f′, the derivative of layer l's activation function
 * @returns         δ⁽ˡ⁾, length M_l
 */
export function errorTerm(Wnext: number[][], deltaNext: number[], z: number[], fPrime: (v: number) => number): number[] {
  // TODO: propagate δ⁽ˡ⁺¹⁾ back through W⁽ˡ⁺¹⁾, then scale by f′(z⁽ˡ⁾).
  return z.map(() => 0);
}
