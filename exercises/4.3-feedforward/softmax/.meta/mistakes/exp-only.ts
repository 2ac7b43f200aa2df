// Exponentiates the logits but never normalises them into probabilities.
export function softmax(z: number[]): number[] {
  return z.map((zc) => Math.exp(zc));
}
