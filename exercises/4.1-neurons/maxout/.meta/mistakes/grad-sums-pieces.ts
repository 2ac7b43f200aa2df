// The gradient sent through every piece instead of only the winner.
function dot(w: number[], x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += w[i] * x[i];
  return s;
}

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
  const dx = x.map(() => 0);
  for (const w of W) for (let i = 0; i < dx.length; i++) dx[i] += w[i];
  return { y, k, dx };
}
