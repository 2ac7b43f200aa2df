export function crossEntropyWithLogits(z: number[], y: number[]): { loss: number; grad: number[] } {
  // log Σ exp(z_k), shifted by the maximum so every exponent is ≤ 0 and the sum is ≥ 1.
  const m = Math.max(...z);
  let sum = 0;
  for (const zk of z) sum += Math.exp(zk - m);
  const logSumExp = m + Math.log(sum);

  let loss = 0;
  for (let c = 0; c < z.length; c++) if (y[c] !== 0) loss += y[c] * (logSumExp - z[c]);
  const grad = z.map((zc, c) => Math.exp(zc - logSumExp) - y[c]);
  return { loss, grad };
}
