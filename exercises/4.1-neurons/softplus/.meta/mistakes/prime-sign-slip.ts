// The derivative with the sign of the exponent flipped: σ(−x).
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function softplusPrime(x: number): number {
  return 1 / (1 + Math.exp(x));
}
