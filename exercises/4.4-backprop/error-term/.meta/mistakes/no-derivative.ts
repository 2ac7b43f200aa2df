// Propagates the error back through the weights but forgets the activation's derivative:
// returns (W⁽ˡ⁺¹⁾)ᵀ δ⁽ˡ⁺¹⁾ alone.
export function errorTerm(Wnext: number[][], deltaNext: number[], z: number[], fPrime: (v: number) => number): number[] {
  return z.map((_, j) => {
    let back = 0;
    for (let i = 0; i < deltaNext.length; i++) back += Wnext[i][j] * deltaNext[i];
    return back;
  });
}
