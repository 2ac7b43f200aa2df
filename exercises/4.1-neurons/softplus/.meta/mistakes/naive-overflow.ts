// The definition as written: Infinity for x > ~709.8, and no digits left far left.
export function softplus(x: number): number {
  return Math.log(1 + Math.exp(x));
}

export function softplusPrime(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
