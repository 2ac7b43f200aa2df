// A stable softmax, then log of the probability: log(0) = −Infinity when ŷ_c underflows.
export function crossEntropyWithLogits(z: number[], y: number[]): { loss: number; grad: number[] } {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const sum = e.reduce((s, v) => s + v, 0);
  const p = e.map((v) => v / sum);
  let loss = 0;
  for (let c = 0; c < z.length; c++) if (y[c] !== 0) loss -= y[c] * Math.log(p[c]);
  return { loss, grad: p.map((pc, c) => pc - y[c]) };
}
