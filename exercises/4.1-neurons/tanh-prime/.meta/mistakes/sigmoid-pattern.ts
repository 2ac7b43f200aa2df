// Copies the shape of σ′ = σ(1 − σ) to tanh.
export function tanhPrime(x: number): number {
  const t = Math.tanh(x);
  return t * (1 - t);
}
