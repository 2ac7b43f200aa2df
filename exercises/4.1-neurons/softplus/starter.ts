/** Softplus log(1 + eˣ), correct for every finite x. */
export function softplus(x: number): number {
  // TODO
  return 0;
}

/** Its derivative, the logistic function σ(x), correct for every finite x. */
export function softplusPrime(x: number): number {
  // TODO
  return 0;
}
