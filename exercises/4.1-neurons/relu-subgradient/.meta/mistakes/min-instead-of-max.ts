// min and max swapped in the function: it keeps the negative half.
export function relu(x: number): number {
  return Math.min(0, x);
}

export function reluPrime(x: number): number {
  return x > 0 ? 1 : 0;
}
