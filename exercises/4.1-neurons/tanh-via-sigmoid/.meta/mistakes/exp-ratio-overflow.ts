// σ(z) = eᶻ/(1 + eᶻ) is Infinity/Infinity = NaN for z = 2x above ~709.8.
function sigmoid(z: number): number {
  const e = Math.exp(z);
  return e / (1 + e);
}

export function tanhViaSigmoid(x: number): number {
  return 2 * sigmoid(2 * x) - 1;
}
