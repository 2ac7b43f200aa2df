// Puts diag(f′) on the wrong side of the transpose: (W⁽ˡ⁺¹⁾)ᵀ (f′(z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾), scaling the
// next layer's errors by this layer's derivatives.
export function errorTerm(Wnext: number[][], deltaNext: number[], z: number[], fPrime: (v: number) => number): number[] {
  const scaled = deltaNext.map((d, i) => fPrime(z[i]) * d);
  return z.map((_, j) => {
    let sum = 0;
    for (let i = 0; i < scaled.length; i++) sum += Wnext[i][j] * scaled[i];
    return sum;
  });
}
