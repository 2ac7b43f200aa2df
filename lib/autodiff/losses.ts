// Loss functions. A single sample is a vector ([C] logits / probabilities / outputs); a batch is a
// matrix with one sample per row ([batch, C]); batched losses are the mean over the samples.
//
// Cross-entropy with logits is one fused op: its backward is the book's δ⁽ᴸ⁾ = ŷ − y (divided by
// the batch size), never the product of softmax's Jacobian and log's 1/ŷ.

import { softplus } from './activations';
import { add, div, log, mul, square, sub } from './ops';
import { mean, sum } from './reduce';
import { logProbsAndProbs } from './softmax';
import { accumulate, node, shapesEqual, Tensor, toTensor, type Nested } from './tensor';

/**
 * Targets for the cross-entropies: a tensor or plain data shaped like the predictions (one-hot
 * rows or any distributions), or class indices — a number for one sample ([C] predictions),
 * number[] with one index per row for a batch ([batch, C] predictions).
 */
export type Targets = Tensor | Nested;

/** Samples in a prediction tensor: rows of a batch, 1 for a single vector. */
function sampleCount(pred: Tensor): number {
  return pred.rank <= 1 ? 1 : pred.size / pred.shape[pred.rank - 1];
}

/** Targets as a tensor of the predictions' shape (class indices become one-hot rows). */
export function denseTargets(targets: Targets, pred: Tensor): Tensor {
  const t = toTensor(targets);
  if (shapesEqual(t.shape, pred.shape)) return t;
  const C = pred.shape[pred.rank - 1];
  const rowsExpected = sampleCount(pred);
  if (t.size !== rowsExpected || t.rank > 1) {
    throw new Error(
      `targets of shape [${t.shape.join(', ')}] fit neither predictions [${pred.shape.join(', ')}] nor ${rowsExpected} class indices`,
    );
  }
  const oneHot = new Float64Array(pred.size);
  t.data.forEach((c, r) => {
    if (!Number.isInteger(c) || c < 0 || c >= C) throw new Error(`class index ${c} out of range [0, ${C})`);
    oneHot[r * C + c] = 1;
  });
  return new Tensor(oneHot, pred.shape.slice());
}

/**
 * Softmax cross-entropy from logits: L = −Σ_c y_c·log softmax(z)_c, averaged over the rows of a batch.
 * Stable for any finite logits.  ∂L/∂z = (ŷ·Σy − y)/N, which is (ŷ − y)/N for one-hot y.
 */
export function crossEntropyWithLogits(logits: Tensor, targets: Targets): Tensor {
  const y = denseTargets(targets, logits);
  const N = sampleCount(logits);
  const C = logits.shape[logits.rank - 1];
  const { logp, p } = logProbsAndProbs(logits.data, logits.shape);
  const yd = y.data;
  let loss = 0;
  for (let i = 0; i < logp.length; i++) if (yd[i] !== 0) loss -= yd[i] * logp[i];
  loss /= N;
  // ∂L/∂z per row: ŷ·(Σ_c y_c) − y, over N.
  const dlogits = (): Float64Array => {
    const d = new Float64Array(p.length);
    for (let r = 0; r < N; r++) {
      let mass = 0;
      for (let c = 0; c < C; c++) mass += yd[r * C + c];
      for (let c = 0; c < C; c++) d[r * C + c] = (p[r * C + c] * mass - yd[r * C + c]) / N;
    }
    return d;
  };
  return node(Float64Array.of(loss), [], 'crossEntropyWithLogits', [logits, y], {
    backward: (g) => {
      if (logits.requiresGrad) accumulate(logits, scaled(dlogits(), g[0]));
      if (y.requiresGrad) accumulate(y, scaled(logp, -g[0] / N));
    },
    tangent: ([tz, ty]) => {
      const d = dlogits();
      let t = 0;
      for (let i = 0; i < d.length; i++) t += d[i] * tz[i] - (logp[i] * ty[i]) / N;
      return Float64Array.of(t);
    },
  });
}

/**
 * Cross-entropy of probabilities: L = −yᵀ log ŷ (mean over the rows of a batch). Terms with
 * y_c = 0 are skipped (0·log 0 = 0), so a confident correct prediction is not NaN.
 * ∂L/∂ŷ = −y/ŷ / N.
 */
export function crossEntropy(probs: Tensor, targets: Targets): Tensor {
  const y = denseTargets(targets, probs);
  const N = sampleCount(probs);
  const pd = probs.data;
  const yd = y.data;
  let loss = 0;
  for (let i = 0; i < pd.length; i++) if (yd[i] !== 0) loss -= yd[i] * Math.log(pd[i]);
  loss /= N;
  const dprobs = Float64Array.from(pd, (pi, i) => (yd[i] === 0 ? 0 : -yd[i] / pi / N));
  const dy = Float64Array.from(pd, (pi) => -Math.log(pi) / N);
  return node(Float64Array.of(loss), [], 'crossEntropy', [probs, y], {
    backward: (g) => {
      if (probs.requiresGrad) accumulate(probs, scaled(dprobs, g[0]));
      if (y.requiresGrad) accumulate(y, scaled(dy, g[0]));
    },
    tangent: ([tp, ty]) => {
      let t = 0;
      for (let i = 0; i < pd.length; i++) t += dprobs[i] * tp[i] + (ty[i] === 0 ? 0 : dy[i] * ty[i]);
      return Float64Array.of(t);
    },
  });
}

/** Squared error ½‖ŷ − y‖² per sample (mean over the rows of a batch), built from primitives. */
export function squaredError(pred: Tensor, target: Tensor | Nested): Tensor {
  const y = toTensor(target);
  return div(mul(0.5, sum(square(sub(pred, y)))), sampleCount(pred));
}

/** Mean squared error: the mean of (ŷ − y)² over all elements. */
export function mse(pred: Tensor, target: Tensor | Nested): Tensor {
  const y = toTensor(target);
  return mean(square(sub(pred, y)));
}

/**
 * Binary cross-entropy from logits, −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y·z,
 * averaged over all elements. Stable for any z; ∂/∂z = σ(z) − y (over the count).
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor | Nested): Tensor {
  const y = toTensor(targets);
  return mean(sub(softplus(logits), mul(y, logits)));
}

/** Binary cross-entropy of probabilities p ∈ (0, 1), averaged over all elements. */
export function binaryCrossEntropy(probs: Tensor, targets: Tensor | Nested): Tensor {
  const y = toTensor(targets);
  const positive = mul(y, log(probs));
  const negative = mul(sub(1, y), log(sub(1, probs)));
  return mean(mul(-1, add(positive, negative)));
}

/** The regulariser (λ/2)·Σ‖W‖²_F over the given weight matrices. */
export function l2Penalty(weights: Tensor[], lambda: number): Tensor {
  const norms = weights.map((W) => sum(square(W)));
  return mul(lambda / 2, norms.reduce((a, b) => add(a, b)));
}

function scaled(u: Float64Array, s: number): Float64Array {
  if (s === 1) return u;
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = u[i] * s;
  return out;
}
