import { describe, expect, it } from 'vitest';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  createRng,
  crossEntropy,
  crossEntropyWithLogits,
  l2Penalty,
  logSoftmax,
  logSumExp,
  mse,
  softmax,
  squaredError,
  tensor,
  type Tensor,
} from '../../../lib/autodiff';
import { checkGradients, expectArrayClose, expectClose, randomTensor } from './helpers';

describe('softmax', () => {
  it('softmax([1000, 1001]) is finite and correct', () => {
    const y = softmax(tensor([1000, 1001]));
    const e = Math.exp(-1);
    expectArrayClose(y.data, [e / (1 + e), 1 / (1 + e)], 1e-15, 0);
    expect(Array.from(logSoftmax(tensor([1000, 1001])).data).every(Number.isFinite)).toBe(true);
    expect(Array.from(softmax(tensor([-1000, 1000])).data)).toEqual([0, 1]);
    expect(logSoftmax(tensor([-1000, 1000])).toNested()).toEqual([-2000, 0]);
    expectClose(logSumExp(tensor([1000, 1000])).item(), 1000 + Math.LN2, 1e-15);
  });

  it('each output depends on the whole layer; rows of a batch are independent', () => {
    const Z = tensor([[1, 2, 3], [0, 0, 0]]);
    const Y = softmax(Z);
    expectArrayClose(Y.data.subarray(3), [1 / 3, 1 / 3, 1 / 3], 1e-15);
    expectClose(Y.data[0] + Y.data[1] + Y.data[2], 1, 1e-15);
    expectArrayClose(softmax(Z, 0).data.subarray(0, 3), [1 / (1 + Math.E ** -1), 1 / (1 + Math.E ** -2), 1 / (1 + Math.E ** -3)], 1e-15);
  });

  it('gradients along each axis', () => {
    const rng = createRng('softmax');
    for (const f of [softmax, logSoftmax, (t: Tensor, axis?: number) => logSumExp(t, axis)]) {
      checkGradients((t) => f(t), [randomTensor(rng, [5], { lo: -3, hi: 3 })]);
      checkGradients((t) => f(t), [randomTensor(rng, [3, 4], { lo: -3, hi: 3 })]);
      checkGradients((t) => f(t, 0), [randomTensor(rng, [3, 4], { lo: -3, hi: 3 })]);
      checkGradients((t) => f(t, 1), [randomTensor(rng, [2, 3, 2], { lo: -3, hi: 3 })]);
    }
  });
});

describe('cross-entropy', () => {
  it('−yᵀ log ŷ for one sample; the mean over a batch', () => {
    expectClose(crossEntropy(tensor([0.2, 0.7, 0.1]), [0, 1, 0]).item(), -Math.log(0.7), 1e-15);
    expectClose(crossEntropy(tensor([0.2, 0.7, 0.1]), 1).item(), -Math.log(0.7), 1e-15);
    const P = tensor([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]);
    const expected = -(Math.log(0.7) + Math.log(0.25)) / 2;
    expectClose(crossEntropy(P, [1, 2]).item(), expected, 1e-15);
    expectClose(crossEntropy(P, [[0, 1, 0], [0, 0, 1]]).item(), expected, 1e-15);
    expect(crossEntropy(tensor([1, 0]), [1, 0]).item()).toBe(0); // 0·log 0 counts as 0
  });

  it('with logits equals softmax then cross-entropy, for indices, one-hot and soft targets', () => {
    const Z = tensor([[2, -1, 0.5], [0, 3, -2]]);
    for (const y of [[0, 1], [[1, 0, 0], [0, 1, 0]], [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]]) {
      expectClose(crossEntropyWithLogits(Z, y).item(), crossEntropy(softmax(Z), y).item(), 1e-14);
    }
  });

  it('δ⁽ᴸ⁾ = ŷ − y (over the batch size)', () => {
    const z = tensor([1, 2, 3], { requiresGrad: true });
    crossEntropyWithLogits(z, 0).backward();
    const p = softmax(tensor([1, 2, 3])).data;
    expectArrayClose(z.grad!, [p[0] - 1, p[1], p[2]], 1e-15, 1e-16);
    const Z = tensor([[1, 2, 3], [0, 0, 0]], { requiresGrad: true });
    crossEntropyWithLogits(Z, [0, 2]).backward();
    expectArrayClose(Z.grad!, [(p[0] - 1) / 2, p[1] / 2, p[2] / 2, 1 / 6, 1 / 6, (1 / 3 - 1) / 2], 1e-15, 1e-16);
  });

  it('stable for logits of ±1000', () => {
    const z = tensor([[1000, -1000, 0], [-1000, -1000, 1000]], { requiresGrad: true });
    const L = crossEntropyWithLogits(z, [1, 2]);
    expect(L.item()).toBe(1000); // (2000 + 0) / 2
    L.backward();
    expect(Array.from(z.grad!).every(Number.isFinite)).toBe(true);
  });

  it('gradients (logits, probabilities, and soft targets that require grad)', () => {
    const rng = createRng('ce');
    const Z = randomTensor(rng, [4, 3]);
    const soft = softmax(randomTensor(rng, [4, 3]));
    checkGradients((z) => crossEntropyWithLogits(z, [0, 2, 1, 1]), [Z]);
    checkGradients((z) => crossEntropyWithLogits(z, 2), [randomTensor(rng, [3])]);
    checkGradients((z, y) => crossEntropyWithLogits(z, y), [Z, soft]);
    checkGradients((p) => crossEntropy(p, [0, 2, 1, 1]), [softmax(Z)]);
    checkGradients((p, y) => crossEntropy(p, y), [softmax(Z), soft]);
  });

  it('rejects targets that fit neither shape', () => {
    expect(() => crossEntropyWithLogits(tensor([[1, 2]]), [0, 1, 1])).toThrow(/targets/);
    expect(() => crossEntropyWithLogits(tensor([[1, 2]]), [5])).toThrow(/out of range/);
    expect(() => crossEntropyWithLogits(tensor([[1, 2, 3], [4, 5, 6]]), [[1, 0], [0, 1], [0, 0]])).toThrow(/targets/);
  });
});

describe('squared error, MSE, binary cross-entropy, L2', () => {
  it('values', () => {
    expect(squaredError(tensor([1, 2]), [0, 0]).item()).toBe(2.5); // ½(1 + 4)
    expect(squaredError(tensor([[1, 2], [3, 4]]), [[0, 0], [0, 0]]).item()).toBe(7.5); // (2.5 + 12.5)/2
    expect(mse(tensor([1, 2]), [0, 0]).item()).toBe(2.5);
    expectClose(binaryCrossEntropy(tensor([0.8]), [1]).item(), -Math.log(0.8), 1e-15);
    expectClose(binaryCrossEntropyWithLogits(tensor([0.3]), [1]).item(), -Math.log(1 / (1 + Math.exp(-0.3))), 1e-15);
    expect(binaryCrossEntropyWithLogits(tensor([-1000, 1000]), [1, 0]).item()).toBe(1000);
    expect(l2Penalty([tensor([[1, 2]]), tensor([[3]])], 0.1).item()).toBeCloseTo(0.7, 15);
  });

  it('gradients', () => {
    const rng = createRng('losses');
    const P = randomTensor(rng, [3, 2]);
    const Y = randomTensor(rng, [3, 2]);
    checkGradients((p) => squaredError(p, Y), [P]);
    checkGradients((p, y) => mse(p, y), [P, Y]);
    checkGradients((z) => binaryCrossEntropyWithLogits(z, [[1, 0], [0, 1], [1, 1]]), [P]);
    checkGradients((p) => binaryCrossEntropy(p, [[1, 0], [0, 1], [1, 1]]), [randomTensor(rng, [3, 2], { lo: 0.1, hi: 0.9 })]);
    checkGradients((a, b) => l2Penalty([a, b], 0.3), [P, randomTensor(rng, [4])]);
  });
});
