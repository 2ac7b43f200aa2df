// Hard-logistic as the first-order Taylor line of σ at 0, never clipped.
export function hardLogistic(x: number): number {
  return 0.25 * x + 0.5;
}

export function hardLogisticPrime(x: number): number {
  return 0.25;
}

export function hardTanh(x: number): number {
  return Math.max(Math.min(x, 1), -1);
}

export function hardTanhPrime(x: number): number {
  return x > -1 && x < 1 ? 1 : 0;
}
