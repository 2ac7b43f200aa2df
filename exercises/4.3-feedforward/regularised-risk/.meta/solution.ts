export interface Layer {
  W: number[][];
  b: number[];
}
export interface Sample {
  x: number[];
  /** the true class, 0 ≤ y < C */
  y: number;
}

/** The logits z⁽ᴸ⁾ of x: ReLU hidden layers, a linear last layer (softmax is applied by the loss). */
export function logits(layers: Layer[], x: number[]): number[] {
  let a = x;
  layers.forEach(({ W, b }, k) => {
    const z = W.map((row, i) => row.reduce((s, w, j) => s + w * a[j], b[i]));
    a = k < layers.length - 1 ? z.map((v) => Math.max(0, v)) : z;
  });
  return a;
}

/** Cross-entropy −log softmax(z)_y of one sample, computed stably from the logits. */
export function crossEntropy(z: number[], y: number): number {
  const m = Math.max(...z);
  const logSumExp = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
  return logSumExp - z[y];
}

/** R = (1/N) Σ_n L(y⁽ⁿ⁾, ŷ⁽ⁿ⁾) + (λ/2) Σ_l ‖W⁽ˡ⁾‖²_F, with its two parts. */
export function regularisedRisk(layers: Layer[], data: Sample[], lambda: number): { loss: number; penalty: number; risk: number } {
  let total = 0;
  for (const { x, y } of data) total += crossEntropy(logits(layers, x), y);
  const loss = total / data.length;

  // Only the weights are regularised: the biases do not make the model more complex.
  let squares = 0;
  for (const { W } of layers) for (const row of W) for (const w of row) squares += w * w;
  const penalty = (lambda / 2) * squares;
  return { loss, penalty, risk: loss + penalty };
}
