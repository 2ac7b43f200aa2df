// Subtracts max(z) in place — the right shift, on the caller's array.
export function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  for (let i = 0; i < z.length; i++) z[i] = z[i]! - m;
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
