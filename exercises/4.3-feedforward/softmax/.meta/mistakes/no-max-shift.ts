// The textbook formula as written: exp overflows to Infinity for logits above ~709 (∞/∞ = NaN)
// and underflows to 0 below ~−745 (0/0 = NaN).
export function softmax(z: number[]): number[] {
  const e = z.map((zc) => Math.exp(zc));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}
