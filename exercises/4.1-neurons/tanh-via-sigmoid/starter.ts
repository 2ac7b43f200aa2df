/** tanh(x) computed through the logistic function: 2σ(2x) − 1. Do not call Math.tanh. */
export function tanhViaSigmoid(x: number): number {
  // TODO: write σ (or its pieces) yourself and return 2σ(2x) − 1, accurate for every finite x.
  return 0;
}
