// The gradient with the sign flipped: y − ŷ (the direction of steepest *descent*, not the gradient).
export function crossEntropyWithLogits(z: number[], y: number[]): { loss: number; grad: number[] } {
  const m = Math.max(...z);
  let sum = 0;
  for (const zk of z) sum += Math.exp(zk - m);
  const logSumExp = m + Math.log(sum);
  let loss = 0;
  for (let c = 0; c < z.length; c++) if (y[c] !== 0) loss += y[c] * (logSumExp - z[c]);
  return { loss, grad: z.map((zc, c) => y[c] - Math.exp(zc - logSumExp)) };
}
