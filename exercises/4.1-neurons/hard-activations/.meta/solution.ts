export function hardLogistic(x: number): number {
  return Math.max(Math.min(0.25 * x + 0.5, 1), 0);
}

// At the kinks x = ±2 we return 0, one of the accepted values.
export function hardLogisticPrime(x: number): number {
  return x > -2 && x < 2 ? 0.25 : 0;
}

export function hardTanh(x: number): number {
  return Math.max(Math.min(x, 1), -1);
}

export function hardTanhPrime(x: number): number {
  return x > -1 && x < 1 ? 1 : 0;
}
