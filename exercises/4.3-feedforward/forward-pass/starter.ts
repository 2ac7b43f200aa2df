export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';
export interface Layer {
  W: number[][];
  b: number[];
  activation: Activation;
}

/** z[l] = z⁽ˡ⁾ and a[l] = a⁽ˡ⁾ for l = 0..L, with z[0] = [] and a[0] = x. */
export function forward(layers: Layer[], x: number[]): { z: number[][]; a: number[][] } {
  const z: number[][] = [[]];
  const a: number[][] = [x.slice()];
  // TODO: for l = 1..L, compute z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ and a⁽ˡ⁾ = f_l(z⁽ˡ⁾); push both.
  return { z, a };
}
