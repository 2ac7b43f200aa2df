// Reductions over all elements or along one axis.
//
//   sum    every input element gets the output's gradient (the reduced axis is broadcast back)
//   mean   sum / n, built from sum and div
//   max    the gradient goes to the argmax; at a tie, to the FIRST maximal element only
//   min    likewise, to the first minimal element

import { div } from './ops';
import { gradOf, node, normalizeAxis, splitAtAxis, type Shape, type Tensor } from './tensor';

export interface ReduceOptions {
  /** Keep the reduced axis with size 1 (so the result broadcasts against the input). */
  keepdims?: boolean;
}

/** Resolve the reduction: the axis split [outer, n, inner] and the output shape. */
function reduction(t: Tensor, axis: number | undefined, keepdims: boolean) {
  if (axis === undefined) {
    const shape: Shape = keepdims ? t.shape.map(() => 1) : [];
    return { outer: 1, n: t.size, inner: 1, shape };
  }
  const ax = normalizeAxis(axis, t.rank);
  const { outer, n, inner } = splitAtAxis(t.shape, ax);
  const shape = keepdims ? t.shape.map((d, i) => (i === ax ? 1 : d)) : t.shape.filter((_, i) => i !== ax);
  return { outer, n, inner, shape };
}

/** Sum of all elements (axis undefined) or along one axis. */
export function sum(t: Tensor, axis?: number, opts: ReduceOptions = {}): Tensor {
  const { outer, n, inner, shape } = reduction(t, axis, opts.keepdims ?? false);
  const out = sumAlong(t.data, outer, n, inner);
  return node(out, shape, 'sum', [t], {
    backward: (g) => {
      const gt = gradOf(t);
      for (let o = 0; o < outer; o++)
        for (let k = 0; k < n; k++) {
          const base = (o * n + k) * inner;
          for (let i = 0; i < inner; i++) gt[base + i] += g[o * inner + i];
        }
    },
    tangent: ([tt]) => sumAlong(tt, outer, n, inner),
  });
}

/** Mean of all elements or along one axis: sum / n. */
export function mean(t: Tensor, axis?: number, opts: ReduceOptions = {}): Tensor {
  const n = axis === undefined ? t.size : t.shape[normalizeAxis(axis, t.rank)];
  return div(sum(t, axis, opts), n);
}

/** Maximum of all elements or along one axis; the gradient goes to the first argmax. */
export function max(t: Tensor, axis?: number, opts: ReduceOptions = {}): Tensor {
  return pick(t, axis, opts.keepdims ?? false, 'max', (candidate, best) => candidate > best);
}

/** Minimum of all elements or along one axis; the gradient goes to the first argmin. */
export function min(t: Tensor, axis?: number, opts: ReduceOptions = {}): Tensor {
  return pick(t, axis, opts.keepdims ?? false, 'min', (candidate, best) => candidate < best);
}

/** Indices of the maxima along an axis (default: the last), first one at a tie. Not differentiable. */
export function argmax(t: Tensor, axis = -1): number[] {
  if (t.rank === 0) return [0];
  const { outer, n, inner } = splitAtAxis(t.shape, normalizeAxis(axis, t.rank));
  const { index } = selectAlong(t.data, outer, n, inner, (c, b) => c > b);
  return Array.from(index, (src, j) => (src - (Math.floor(j / inner) * n * inner + (j % inner))) / inner);
}

function pick(t: Tensor, axis: number | undefined, keepdims: boolean, op: string, better: (c: number, b: number) => boolean): Tensor {
  if (t.size === 0) throw new Error(`${op}: empty tensor`);
  const { outer, n, inner, shape } = reduction(t, axis, keepdims);
  const { value, index } = selectAlong(t.data, outer, n, inner, better);
  return node(value, shape, op, [t], {
    backward: (g) => {
      const gt = gradOf(t);
      for (let j = 0; j < index.length; j++) gt[index[j]] += g[j];
    },
    tangent: ([tt]) => Float64Array.from(index, (src) => tt[src]),
  });
}

/** For each (outer, inner) position, the winning value along the axis and its flat source index. */
function selectAlong(data: Float64Array, outer: number, n: number, inner: number, better: (c: number, b: number) => boolean) {
  const value = new Float64Array(outer * inner);
  const index = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let bestAt = o * n * inner + i;
      for (let k = 1; k < n; k++) {
        const at = (o * n + k) * inner + i;
        if (better(data[at], data[bestAt])) bestAt = at;
      }
      value[o * inner + i] = data[bestAt];
      index[o * inner + i] = bestAt;
    }
  return { value, index };
}

function sumAlong(data: Float64Array, outer: number, n: number, inner: number): Float64Array {
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] += data[base + i];
    }
  return out;
}
