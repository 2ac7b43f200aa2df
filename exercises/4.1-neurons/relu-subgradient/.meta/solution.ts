export function relu(x: number): number {
  return x > 0 ? x : 0;
}

// At x = 0 we return 0, the subgradient most libraries use.
export function reluPrime(x: number): number {
  return x > 0 ? 1 : 0;
}
