// Multiplies by W⁽ˡ⁺¹⁾ instead of its transpose: each row of W is dotted with δ⁽ˡ⁺¹⁾, which
// gives M_{l+1} numbers (the size of the next layer) rather than M_l.
export function errorTerm(Wnext: number[][], deltaNext: number[], z: number[], fPrime: (v: number) => number): number[] {
  const back = Wnext.map((row) => row.reduce((s, w, j) => s + w * deltaNext[j], 0));
  return back.map((v, i) => fPrime(z[i]) * v);
}
