// log1p fixes the left tail, but exp(x) still overflows on the right.
export function softplus(x: number): number {
  return Math.log1p(Math.exp(x));
}

export function softplusPrime(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
