// Treats the error as passing straight through: δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾, with no weights at all.
export function errorTerm(Wnext: number[][], deltaNext: number[], z: number[], fPrime: (v: number) => number): number[] {
  return z.map((zj, j) => fPrime(zj) * deltaNext[j]);
}
