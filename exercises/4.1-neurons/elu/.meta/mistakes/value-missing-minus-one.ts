// γeˣ on the left: the −1 that makes ELU continuous is missing.
export function elu(x: number, gamma: number): number {
  return x > 0 ? x : gamma * Math.exp(x);
}

export function eluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : gamma * Math.exp(x);
}
