/** Hard-logistic: max(min(0.25x + 0.5, 1), 0). */
export function hardLogistic(x: number): number {
  // TODO
  return 0;
}

/** Its derivative: 0.25 inside (−2, 2), 0 outside. */
export function hardLogisticPrime(x: number): number {
  // TODO
  return 0;
}

/** Hard-tanh: max(min(x, 1), −1). */
export function hardTanh(x: number): number {
  // TODO
  return 0;
}

/** Its derivative: 1 inside (−1, 1), 0 outside. */
export function hardTanhPrime(x: number): number {
  // TODO
  return 0;
}
