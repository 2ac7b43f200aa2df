// Forgets the square: 1 − tanh(x).
export function tanhPrime(x: number): number {
  return 1 - Math.tanh(x);
}
