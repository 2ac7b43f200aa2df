// Exponentiates the raw logits: Infinity/Infinity = NaN for logits above about 709.
export function crossEntropyWithLogits(z: number[], y: number[]): { loss: number; grad: number[] } {
  const e = z.map(Math.exp);
  const sum = e.reduce((s, v) => s + v, 0);
  const p = e.map((v) => v / sum);
  let loss = 0;
  for (let c = 0; c < z.length; c++) if (y[c] !== 0) loss -= y[c] * Math.log(p[c]);
  return { loss, grad: p.map((pc, c) => pc - y[c]) };
}
