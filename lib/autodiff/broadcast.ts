// Broadcasting (numpy rules) and its undoing, in one place.
//
// Forward: shapes are aligned on the right; an axis of size 1 (or a missing axis) is repeated to
// match the other operand. So a bias [n] broadcasts against a batch [batch, n], a column [n, 1]
// against [n, k], and a scalar [] against anything.
//
// Backward: a value that was repeated along an axis received a gradient from every copy, so its
// gradient is the sum over that axis — sumToShape. Every broadcasting op calls it; no op undoes
// broadcasting by itself.

import { accumulate, asTensor, sizeOf, shapesEqual, stridesOf, type Operand, type Shape, type Tensor } from './tensor';

export function broadcastShapes(a: readonly number[], b: readonly number[]): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Shape = new Array(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`cannot broadcast shapes [${a.join(', ')}] and [${b.join(', ')}]`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Two operands as tensors, their broadcast shape, and their values repeated out to it. */
export function alignOperands(
  a: Operand,
  b: Operand,
): { x: Tensor; y: Tensor; shape: Shape; xs: Float64Array; ys: Float64Array } {
  const x = asTensor(a);
  const y = asTensor(b);
  const shape = broadcastShapes(x.shape, y.shape);
  return { x, y, shape, xs: expand(x.data, x.shape, shape), ys: expand(y.data, y.shape, shape) };
}

/**
 * For each flat index of `outShape`, the flat index of the `inShape` element that lands there.
 * Returns null when the shapes are equal (the identity map).
 */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array | null {
  if (shapesEqual(inShape, outShape)) return null;
  const rank = outShape.length;
  if (inShape.length > rank) throw new Error(`cannot broadcast [${inShape.join(', ')}] to [${outShape.join(', ')}]`);
  const offset = rank - inShape.length;
  const inStrides = stridesOf(inShape);
  // Stride of each output axis in the input; 0 where the input is repeated.
  const step = new Array<number>(rank).fill(0);
  for (let i = 0; i < inShape.length; i++) {
    if (inShape[i] === outShape[i + offset]) step[i + offset] = inStrides[i];
    else if (inShape[i] !== 1) throw new Error(`cannot broadcast [${inShape.join(', ')}] to [${outShape.join(', ')}]`);
  }
  const total = sizeOf(outShape);
  const map = new Int32Array(total);
  if (total === 0) return map;
  // Odometer over the output multi-index, carrying the input offset along.
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let k = 0; k < total; k++) {
    map[k] = src;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      src += step[ax];
      if (counter[ax] < outShape[ax]) break;
      src -= step[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return map;
}

/** The values of `data` (shaped `inShape`) repeated out to `outShape`. Shares `data` if no repeat is needed. */
export function expand(data: Float64Array, inShape: readonly number[], outShape: readonly number[]): Float64Array {
  const map = broadcastIndex(inShape, outShape);
  if (map === null) return data;
  const out = new Float64Array(map.length);
  for (let k = 0; k < map.length; k++) out[k] = data[map[k]];
  return out;
}

/**
 * Undo broadcasting for a gradient: `g` has the broadcast shape `outShape`; sum it over every axis
 * along which `inShape` was repeated, giving a gradient of `inShape`. Shares `g` if nothing was repeated.
 */
export function sumToShape(g: Float64Array, outShape: readonly number[], inShape: readonly number[]): Float64Array {
  const map = broadcastIndex(inShape, outShape);
  if (map === null) return g;
  const out = new Float64Array(sizeOf(inShape));
  for (let k = 0; k < map.length; k++) out[map[k]] += g[k];
  return out;
}

/** grad(t) += g summed back down to t's shape: the backward step of every broadcasting op. */
export function accumulateBroadcast(t: Tensor, g: Float64Array, shape: readonly number[]): void {
  if (t.requiresGrad) accumulate(t, sumToShape(g, shape, t.shape));
}

/** Alias under the name used by tinygrad and friends. */
export const unbroadcast = sumToShape;
