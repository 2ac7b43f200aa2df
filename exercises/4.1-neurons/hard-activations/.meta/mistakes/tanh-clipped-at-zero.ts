// Hard-tanh clipped to [0, 1] by analogy with hard-logistic.
export function hardLogistic(x: number): number {
  return Math.max(Math.min(0.25 * x + 0.5, 1), 0);
}

export function hardLogisticPrime(x: number): number {
  return x > -2 && x < 2 ? 0.25 : 0;
}

export function hardTanh(x: number): number {
  return Math.max(Math.min(x, 1), 0);
}

export function hardTanhPrime(x: number): number {
  return x > 0 && x < 1 ? 1 : 0;
}
