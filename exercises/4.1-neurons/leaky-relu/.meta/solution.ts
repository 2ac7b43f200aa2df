export function leakyRelu(x: number, gamma: number): number {
  return x > 0 ? x : gamma * x;
}

// At x = 0 we follow the book's "x ≤ 0" branch and return γ.
export function leakyReluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : gamma;
}
