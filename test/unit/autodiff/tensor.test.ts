import { describe, expect, it } from 'vitest';
import { fromArray, full, ones, scalar, Tensor, tensor, toNested, zeros } from '../../../lib/autodiff';

describe('tensors from and to plain JS data', () => {
  it('infers shapes: number → [], number[] → [n], number[][] → [r, c], deeper → N-d', () => {
    expect(tensor(3).shape).toEqual([]);
    expect(tensor([1, 2, 3]).shape).toEqual([3]);
    expect(tensor([[1, 2, 3], [4, 5, 6]]).shape).toEqual([2, 3]);
    expect(tensor([[[1], [2]], [[3], [4]]]).shape).toEqual([2, 2, 1]);
    expect(tensor([]).shape).toEqual([0]);
  });

  it('stores row-major: W[i][j] is data[i·cols + j]', () => {
    const W = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(W.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('round-trips exactly, every float64 included', () => {
    const values = [0.1, -0, 1e-310, Number.MAX_VALUE, -Number.MIN_VALUE, 1 / 3, Math.PI];
    expect(tensor(values).toNested()).toEqual(values);
    const M = [[0.1, 0.2], [0.30000000000000004, 1e300]];
    expect(tensor(M).toNested()).toEqual(M);
    const T = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]];
    expect(tensor(T).toNested()).toEqual(T);
    expect(Object.is((tensor([-0]).toNested() as number[])[0], -0)).toBe(true);
  });

  it('copies its input: later changes to the array do not leak in, and vice versa', () => {
    const data = [[1, 2], [3, 4]];
    const t = tensor(data);
    data[0][0] = 99;
    expect(t.data[0]).toBe(1);
    const back = t.toNested() as number[][];
    back[1][1] = -1;
    expect(t.data[3]).toBe(4);
  });

  it('rejects ragged or non-numeric data', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged/);
    expect(() => tensor([[[1, 2]], [[3]]])).toThrow(/ragged/);
    expect(() => tensor(['a'] as unknown as number[])).toThrow(/number/);
  });

  it('scalar, zeros, ones, full, fromArray', () => {
    expect(scalar(2.5).item()).toBe(2.5);
    expect(zeros([2, 3]).toNested()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(ones([2]).toNested()).toEqual([1, 1]);
    expect(full([1, 2], 7).toNested()).toEqual([[7, 7]]);
    const buf = Float64Array.of(1, 2, 3, 4);
    const t = fromArray(buf, [2, 2]);
    expect(t.data).toBe(buf); // no copy
    expect(t.toNested()).toEqual([[1, 2], [3, 4]]);
    expect(() => fromArray(buf, [3])).toThrow(/shape/);
  });

  it('item() only for one-element tensors; gradNested() in the tensor’s shape', () => {
    expect(() => tensor([1, 2]).item()).toThrow(/scalar/);
    const W = tensor([[1, 2]], { requiresGrad: true });
    expect(W.gradNested()).toEqual([[0, 0]]);
    expect(W.requiresGrad).toBe(true);
    expect(W.isLeaf).toBe(true);
  });

  it('toNested of a raw buffer', () => {
    expect(toNested(Float64Array.of(1, 2, 3, 4, 5, 6), [3, 2])).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('detach copies the values and cuts the graph', () => {
    const x = new Tensor(Float64Array.of(1), [], { requiresGrad: true });
    const d = x.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.data).not.toBe(x.data);
  });
});
