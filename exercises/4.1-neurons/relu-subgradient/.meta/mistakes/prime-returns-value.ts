// The "derivative" returns the function value max(0, x).
export function relu(x: number): number {
  return Math.max(0, x);
}

export function reluPrime(x: number): number {
  return Math.max(0, x);
}
