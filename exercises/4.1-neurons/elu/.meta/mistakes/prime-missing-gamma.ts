// The derivative of γ(eˣ − 1) taken as eˣ, losing γ.
export function elu(x: number, gamma: number): number {
  return x > 0 ? x : gamma * (Math.exp(x) - 1);
}

export function eluPrime(x: number, gamma: number): number {
  return x > 0 ? 1 : Math.exp(x);
}
