function dot(w: number[], x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i] * x[i];
  return s;
}

// Start from the first piece, not from 0: the maximum may well be negative.
// y is linear in x on the winning piece, so ∂y/∂x is that piece's weights (copied, not aliased).
export function maxout(x: number[], W: number[][], b: number[]): { y: number; k: number; dx: number[] } {
  let k = 0;
  let y = dot(W[0], x) + b[0];
  for (let j = 1; j < W.length; j++) {
    const z = dot(W[j], x) + b[j];
    if (z > y) {
      y = z;
      k = j;
    }
  }
  return { y, k, dx: W[k].slice() };
}
