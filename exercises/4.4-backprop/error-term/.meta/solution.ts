/**
 * δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾. Entry j sums down column j of W⁽ˡ⁺¹⁾: the weights that
 * carried neuron j's activation forward to every neuron i of the next layer.
 */
export function errorTerm(Wnext: number[][], deltaNext: number[], z: number[], fPrime: (v: number) => number): number[] {
  return z.map((zj, j) => {
    let back = 0; // ((W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾)_j
    for (let i = 0; i < deltaNext.length; i++) back += Wnext[i][j] * deltaNext[i];
    return fPrime(zj) * back;
  });
}
