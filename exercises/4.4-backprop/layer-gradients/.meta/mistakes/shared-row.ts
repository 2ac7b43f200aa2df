// Allocates the rows with fill(): every row is the same array, so all rows end up equal to the last.
export function layerGradients(delta: number[], aPrev: number[]): { dW: number[][]; db: number[] } {
  const dW: number[][] = new Array(delta.length).fill(new Array(aPrev.length).fill(0));
  for (let i = 0; i < delta.length; i++) {
    for (let j = 0; j < aPrev.length; j++) dW[i][j] = delta[i] * aPrev[j];
  }
  return { dW, db: delta.slice() };
}
