import { describe, expect, it } from 'vitest';
import {
  argmax,
  concat,
  createRng,
  flatten,
  index,
  max,
  mean,
  min,
  reshape,
  rows,
  slice,
  stack,
  sum,
  tensor,
} from '../../../lib/autodiff';
import { checkGradients, randomTensor } from './helpers';

describe('sum and mean', () => {
  const M = tensor([[1, 2, 3], [4, 5, 6]]);

  it('over everything and along an axis, with keepdims', () => {
    expect(sum(M).toNested()).toBe(21);
    expect(sum(M, 0).toNested()).toEqual([5, 7, 9]);
    expect(sum(M, 1).toNested()).toEqual([6, 15]);
    expect(sum(M, -1, { keepdims: true }).toNested()).toEqual([[6], [15]]);
    expect(sum(M, undefined, { keepdims: true }).shape).toEqual([1, 1]);
    expect(mean(M).toNested()).toBe(3.5);
    expect(mean(M, 0).toNested()).toEqual([2.5, 3.5, 4.5]);
    expect(mean(M, 1, { keepdims: true }).toNested()).toEqual([[2], [5]]);
  });

  it('gradients over all, each axis, keepdims, on 1-D to 3-D', () => {
    const rng = createRng('sum');
    const t3 = randomTensor(rng, [2, 3, 4]);
    for (const f of [sum, mean]) {
      checkGradients((t) => f(t), [randomTensor(rng, [5])]);
      checkGradients((t) => f(t), [t3]);
      for (const axis of [0, 1, 2, -1]) {
        checkGradients((t) => f(t, axis), [t3]);
        checkGradients((t) => f(t, axis, { keepdims: true }), [t3]);
      }
    }
  });
});

describe('max and min reductions', () => {
  it('values, and the gradient to the first argmax at a tie', () => {
    const x = tensor([[1, 7, 7], [4, 2, 0]], { requiresGrad: true });
    const m = max(x, 1);
    expect(m.toNested()).toEqual([7, 4]);
    sum(m).backward();
    expect(x.gradNested()).toEqual([[0, 1, 0], [1, 0, 0]]);
    expect(min(tensor([3, -1, 2])).toNested()).toBe(-1);
    expect(argmax(tensor([[1, 7, 7], [4, 2, 0]]))).toEqual([1, 0]);
    expect(argmax(tensor([[1, 7, 7], [4, 2, 0]]), 0)).toEqual([1, 0, 0]);
  });

  it('gradients away from ties', () => {
    const rng = createRng('max');
    const t = randomTensor(rng, [3, 4, 2]);
    for (const f of [max, min]) {
      checkGradients((x) => f(x), [t]);
      for (const axis of [0, 1, 2]) checkGradients((x) => f(x, axis, { keepdims: axis === 1 }), [t]);
    }
  });
});

describe('reshape, slicing, indexing, concat', () => {
  const M = tensor([[1, 2, 3], [4, 5, 6]]);

  it('reshape keeps row-major order and infers -1', () => {
    expect(reshape(M, [3, 2]).toNested()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(reshape(M, [-1]).toNested()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(flatten(M).shape).toEqual([6]);
    expect(() => reshape(M, [4, 2])).toThrow(/reshape/);
  });

  it('rows, slice, index', () => {
    const X = tensor([[1, 2], [3, 4], [5, 6], [7, 8]]);
    expect(rows(X, 1, 3).toNested()).toEqual([[3, 4], [5, 6]]);
    expect(rows(X, -1).toNested()).toEqual([[7, 8]]);
    expect(slice(X, 1, 2, 1).toNested()).toEqual([[2], [4], [6], [8]]);
    expect(index(X, 2).toNested()).toEqual([5, 6]);
    expect(index(X, -1).toNested()).toEqual([7, 8]);
    expect(index(tensor([9, 8]), 1).toNested()).toBe(8);
    expect(() => index(X, 4)).toThrow(/out of range/);
  });

  it('concat and stack', () => {
    const a = tensor([[1, 2]]);
    const b = tensor([[3, 4], [5, 6]]);
    expect(concat([a, b]).toNested()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(concat([tensor([[1], [2]]), tensor([[3, 4], [5, 6]])], 1).toNested()).toEqual([[1, 3, 4], [2, 5, 6]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])]).toNested()).toEqual([[1, 2], [3, 4]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toNested()).toEqual([[1, 3], [2, 4]]);
    expect(() => concat([a, tensor([[1, 2, 3]])])).toThrow(/differ/);
  });

  it('gradients', () => {
    const rng = createRng('shape');
    const t = randomTensor(rng, [4, 3]);
    const u = randomTensor(rng, [2, 3]);
    checkGradients((x) => reshape(x, [2, 6]), [t]);
    checkGradients((x) => rows(x, 1, 3), [t]);
    checkGradients((x) => slice(x, 0, 2, 1), [t]);
    checkGradients((x) => index(x, 2), [t]);
    checkGradients((x) => index(index(x, 1), 0), [t]);
    checkGradients((x, y) => concat([x, y, x]), [t, u]); // x used twice
    checkGradients((x, y) => concat([x, y], 1), [randomTensor(rng, [2, 2]), u]);
    checkGradients((x, y) => stack([x, y], 2), [u, randomTensor(rng, [2, 3])]);
  });
});
