/** tanh′(x) = 1 − tanh²(x), correct for every finite x. */
export function tanhPrime(x: number): number {
  // TODO: return the derivative of tanh at x.
  return 0;
}
