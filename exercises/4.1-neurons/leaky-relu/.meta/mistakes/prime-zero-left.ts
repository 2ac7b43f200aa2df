// The derivative copied from ReLU: 0 on the left.
export function leakyRelu(x: number, gamma: number): number {
  return x > 0 ? x : gamma * x;
}

export function leakyReluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : 0;
}
