// z_k = w_kᵀx, without b_k.
function dot(w: number[], x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i] * x[i];
  return s;
}

export function maxout(x: number[], W: number[][], b: number[]): { y: number; k: number; dx: number[] } {
  let k = 0;
  let y = dot(W[0], x);
  for (let j = 1; j < W.length; j++) {
    const z = dot(W[j], x);
    if (z > y) {
      y = z;
      k = j;
    }
  }
  return { y, k, dx: W[k].slice() };
}
