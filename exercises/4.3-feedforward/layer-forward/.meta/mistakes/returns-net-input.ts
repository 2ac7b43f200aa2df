// Returns the net input z⁽ˡ⁾ and never applies the activation.
export type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';

export function layerForward(W: number[][], b: number[], x: number[], activation: Activation): number[] {
  return W.map((row, i) => {
    let z = b[i];
    for (let j = 0; j < row.length; j++) z += row[j] * x[j];
    return z;
  });
}
