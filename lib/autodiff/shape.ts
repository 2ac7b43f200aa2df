// Shape ops: they move values around without changing them, so their backward moves the gradient
// back to where each value came from.

import { gradOf, node, normalizeAxis, sizeOf, splitAtAxis, type Shape, type Tensor } from './tensor';

/** Same values (row-major order), new shape; one dimension may be −1 (inferred). */
export function reshape(t: Tensor, shape: Shape): Tensor {
  const target = inferReshape(t, shape);
  return node(t.data.slice(), target, 'reshape', [t], {
    backward: (g) => {
      const gt = gradOf(t);
      for (let i = 0; i < gt.length; i++) gt[i] += g[i];
    },
    tangent: ([tt]) => tt.slice(),
  });
}

export function flatten(t: Tensor): Tensor {
  return reshape(t, [t.size]);
}

/** Elements start ≤ i < end along `axis` (negative bounds count from the end, as in Array.slice). */
export function slice(t: Tensor, start: number, end: number = t.shape[0], axis = 0): Tensor {
  if (t.rank === 0) throw new Error('slice: cannot slice a scalar');
  const ax = normalizeAxis(axis, t.rank);
  const len = t.shape[ax];
  const lo = clampIndex(start, len);
  const hi = Math.max(lo, clampIndex(end, len));
  const { outer, n, inner } = splitAtAxis(t.shape, ax);
  const m = hi - lo;
  const shape = t.shape.map((d, i) => (i === ax ? m : d));
  const out = new Float64Array(outer * m * inner);
  for (let o = 0; o < outer; o++) out.set(t.data.subarray((o * n + lo) * inner, (o * n + hi) * inner), o * m * inner);
  return node(out, shape, 'slice', [t], {
    backward: (g) => {
      const gt = gradOf(t);
      for (let o = 0; o < outer; o++) {
        const dst = (o * n + lo) * inner;
        const src = o * m * inner;
        for (let i = 0; i < m * inner; i++) gt[dst + i] += g[src + i];
      }
    },
    tangent: ([tt]) => {
      const r = new Float64Array(out.length);
      for (let o = 0; o < outer; o++) r.set(tt.subarray((o * n + lo) * inner, (o * n + hi) * inner), o * m * inner);
      return r;
    },
  });
}

/** Rows start ≤ i < end of a matrix (or elements of a vector): a mini-batch, for instance. */
export function rows(t: Tensor, start: number, end?: number): Tensor {
  return slice(t, start, end ?? t.shape[0], 0);
}

/** t[i]: the i-th row of a matrix (shape [c]), the i-th element of a vector (shape []), … */
export function index(t: Tensor, i: number): Tensor {
  if (t.rank === 0) throw new Error('index: cannot index a scalar');
  const len = t.shape[0];
  const k = i < 0 ? i + len : i;
  if (!Number.isInteger(k) || k < 0 || k >= len) throw new Error(`index: ${i} out of range for axis of size ${len}`);
  const inner = t.size / len;
  const shape = t.shape.slice(1);
  return node(t.data.slice(k * inner, (k + 1) * inner), shape, 'index', [t], {
    backward: (g) => {
      const gt = gradOf(t);
      for (let j = 0; j < inner; j++) gt[k * inner + j] += g[j];
    },
    tangent: ([tt]) => tt.slice(k * inner, (k + 1) * inner),
  });
}

/** Join tensors along an existing axis; all other dimensions must agree. */
export function concat(ts: Tensor[], axis = 0): Tensor {
  if (ts.length === 0) throw new Error('concat: nothing to join');
  const first = ts[0];
  const ax = normalizeAxis(axis, first.rank);
  for (const t of ts) {
    if (t.rank !== first.rank || t.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new Error(`concat: shapes [${first.shape.join(', ')}] and [${t.shape.join(', ')}] differ off axis ${ax}`);
    }
  }
  const total = ts.reduce((s, t) => s + t.shape[ax], 0);
  const shape = first.shape.map((d, i) => (i === ax ? total : d));
  const { outer, inner } = splitAtAxis(shape, ax);
  // offsets[j]: where along the axis tensor j starts.
  const offsets: number[] = [];
  ts.reduce((at, t) => (offsets.push(at), at + t.shape[ax]), 0);
  const gather = (parts: Float64Array[]): Float64Array => {
    const out = new Float64Array(sizeOf(shape));
    parts.forEach((data, j) => {
      const n = ts[j].shape[ax];
      for (let o = 0; o < outer; o++) {
        out.set(data.subarray(o * n * inner, (o + 1) * n * inner), (o * total + offsets[j]) * inner);
      }
    });
    return out;
  };
  return node(gather(ts.map((t) => t.data)), shape, 'concat', ts, {
    backward: (g) => {
      ts.forEach((t, j) => {
        if (!t.requiresGrad) return;
        const gt = gradOf(t);
        const n = t.shape[ax];
        for (let o = 0; o < outer; o++) {
          const src = (o * total + offsets[j]) * inner;
          const dst = o * n * inner;
          for (let i = 0; i < n * inner; i++) gt[dst + i] += g[src + i];
        }
      });
    },
    tangent: (tangents) => gather(tangents),
  });
}

/** Join tensors of equal shape along a new axis (built from reshape and concat). */
export function stack(ts: Tensor[], axis = 0): Tensor {
  if (ts.length === 0) throw new Error('stack: nothing to join');
  const rank = ts[0].rank + 1;
  const ax = normalizeAxis(axis, rank);
  const withAxis = ts.map((t) => reshape(t, [...t.shape.slice(0, ax), 1, ...t.shape.slice(ax)]));
  return concat(withAxis, ax);
}

function clampIndex(i: number, len: number): number {
  const k = i < 0 ? i + len : i;
  return Math.min(Math.max(k, 0), len);
}

function inferReshape(t: Tensor, shape: Shape): Shape {
  const unknown = shape.indexOf(-1);
  if (unknown !== shape.lastIndexOf(-1)) throw new Error('reshape: at most one dimension may be -1');
  let target = shape.slice();
  if (unknown >= 0) {
    const known = shape.reduce((p, d, i) => (i === unknown ? p : p * d), 1);
    if (known === 0 || t.size % known !== 0) throw new Error(`reshape: cannot infer -1 in [${shape.join(', ')}] for ${t.size} values`);
    target = shape.map((d, i) => (i === unknown ? t.size / known : d));
  }
  if (sizeOf(target) !== t.size) {
    throw new Error(`reshape: cannot reshape [${t.shape.join(', ')}] (${t.size} values) to [${shape.join(', ')}]`);
  }
  return target;
}
