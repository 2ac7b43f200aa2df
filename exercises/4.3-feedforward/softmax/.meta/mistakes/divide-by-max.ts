// Normalises by the largest exponential instead of the sum: the top class always gets 1.
export function softmax(z: number[]): number[] {
  const e = z.map((zc) => Math.exp(zc));
  const largest = Math.max(...e);
  return e.map((v) => v / largest);
}
