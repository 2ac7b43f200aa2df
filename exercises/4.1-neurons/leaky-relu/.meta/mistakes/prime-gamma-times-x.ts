// The left branch of the derivative returns the function value γx.
export function leakyRelu(x: number, gamma: number): number {
  return x > 0 ? x : gamma * x;
}

export function leakyReluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : gamma * x;
}
