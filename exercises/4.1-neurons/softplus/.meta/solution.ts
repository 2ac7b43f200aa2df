// log(1 + eˣ) = max(x, 0) + log(1 + e^{−|x|}): the exponential is at most 1, so it never overflows,
// and log1p keeps the digits of log(1 + tiny) far left.
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

// σ(x), exponentiating only a non-positive number.
export function softplusPrime(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
