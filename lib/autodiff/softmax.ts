// Softmax and friends along one axis (default: the last, the class axis of [C] or [batch, C]).
// All subtract the maximum first, so logits of ±1000 neither overflow nor produce NaN.
//
//   y = softmax(x)        ∂L/∂x = y ⊙ (g − Σ g⊙y)        ẏ = y ⊙ (ẋ − Σ y⊙ẋ)
//   ℓ = logSoftmax(x)     ∂L/∂x = g − y·Σ g              ℓ̇ = ẋ − Σ y⊙ẋ
//   s = logSumExp(x)      ∂L/∂x = g·y                    ṡ = Σ y⊙ẋ

import { gradOf, node, normalizeAxis, splitAtAxis, type Tensor } from './tensor';

interface Rows {
  outer: number;
  n: number;
  inner: number;
  /** Per (outer, inner) position: the maximum along the axis. */
  max: Float64Array;
  /** Per position: log Σ exp(x − max). */
  logSum: Float64Array;
}

/** One stable pass over every slice along the axis. */
function rowsOf(data: Float64Array, shape: readonly number[], axis: number): Rows {
  const { outer, n, inner } = splitAtAxis(shape, normalizeAxis(axis, shape.length));
  const max = new Float64Array(outer * inner).fill(-Infinity);
  const logSum = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const r = o * inner + i;
      let m = -Infinity;
      for (let k = 0; k < n; k++) m = Math.max(m, data[(o * n + k) * inner + i]);
      let s = 0;
      for (let k = 0; k < n; k++) s += Math.exp(data[(o * n + k) * inner + i] - m);
      max[r] = m;
      logSum[r] = Math.log(s);
    }
  return { outer, n, inner, max, logSum };
}

/** Visit every element with its flat index and the index r of its slice. */
function forEachInRows(rows: Rows, visit: (at: number, r: number) => void): void {
  const { outer, n, inner } = rows;
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++)
      for (let i = 0; i < inner; i++) visit((o * n + k) * inner + i, o * inner + i);
}

/** Σ over each slice of u ⊙ v. */
function dotRows(rows: Rows, u: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(rows.outer * rows.inner);
  forEachInRows(rows, (at, r) => (out[r] += u[at] * v[at]));
  return out;
}

function softmaxData(data: Float64Array, rows: Rows): Float64Array {
  const y = new Float64Array(data.length);
  forEachInRows(rows, (at, r) => (y[at] = Math.exp(data[at] - rows.max[r] - rows.logSum[r])));
  return y;
}

export function softmax(x: Tensor, axis = -1): Tensor {
  const rows = rowsOf(x.data, x.shape, axis);
  const y = softmaxData(x.data, rows);
  return node(y, x.shape, 'softmax', [x], {
    backward: (g) => {
      const gy = dotRows(rows, g, y);
      const gx = gradOf(x);
      forEachInRows(rows, (at, r) => (gx[at] += y[at] * (g[at] - gy[r])));
    },
    tangent: ([tx]) => {
      const yt = dotRows(rows, y, tx);
      const t = new Float64Array(y.length);
      forEachInRows(rows, (at, r) => (t[at] = y[at] * (tx[at] - yt[r])));
      return t;
    },
  });
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const rows = rowsOf(x.data, x.shape, axis);
  const out = new Float64Array(x.size);
  forEachInRows(rows, (at, r) => (out[at] = x.data[at] - rows.max[r] - rows.logSum[r]));
  const y = softmaxData(x.data, rows);
  return node(out, x.shape, 'logSoftmax', [x], {
    backward: (g) => {
      const total = new Float64Array(rows.outer * rows.inner);
      forEachInRows(rows, (at, r) => (total[r] += g[at]));
      const gx = gradOf(x);
      forEachInRows(rows, (at, r) => (gx[at] += g[at] - y[at] * total[r]));
    },
    tangent: ([tx]) => {
      const yt = dotRows(rows, y, tx);
      const t = new Float64Array(out.length);
      forEachInRows(rows, (at, r) => (t[at] = tx[at] - yt[r]));
      return t;
    },
  });
}

/** log Σ exp(x) along an axis (the axis is removed unless keepdims). */
export function logSumExp(x: Tensor, axis = -1, opts: { keepdims?: boolean } = {}): Tensor {
  const ax = normalizeAxis(axis, x.rank);
  const rows = rowsOf(x.data, x.shape, ax);
  const out = rows.max.map((m, r) => m + rows.logSum[r]);
  const shape = opts.keepdims ? x.shape.map((d, i) => (i === ax ? 1 : d)) : x.shape.filter((_, i) => i !== ax);
  const y = softmaxData(x.data, rows);
  return node(out, shape, 'logSumExp', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      forEachInRows(rows, (at, r) => (gx[at] += g[r] * y[at]));
    },
    tangent: ([tx]) => dotRows(rows, y, tx),
  });
}

/** Internal for the fused loss: log-probabilities and probabilities along the last axis. */
export function logProbsAndProbs(data: Float64Array, shape: readonly number[]): { logp: Float64Array; p: Float64Array } {
  const rows = rowsOf(data, shape, -1);
  const logp = new Float64Array(data.length);
  forEachInRows(rows, (at, r) => (logp[at] = data[at] - rows.max[r] - rows.logSum[r]));
  return { logp, p: logp.map(Math.exp) };
}
