// Math.tanh saturates to ±1 for large |x| instead of overflowing, so 1 − tanh² is safe everywhere.
export function tanhPrime(x: number): number {
  const t = Math.tanh(x);
  return 1 - t * t;
}
