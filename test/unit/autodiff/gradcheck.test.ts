import { describe, expect, it } from 'vitest';
import {
  formatGradcheck,
  gradcheck,
  gradOf,
  linear,
  mul,
  multiIndex,
  node,
  numericGradient,
  sigmoid,
  sum,
  Tensor,
  tensor,
} from '../../../lib/autodiff';

/** x², but with a deliberately wrong backward at one element — a learner's bug. */
function buggySquare(x: Tensor, wrongAt: number): Tensor {
  const out = x.data.map((v) => v * v);
  return node(out, x.shape, 'buggySquare', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < g.length; i++) gx[i] += g[i] * (i === wrongAt ? x.data[i] : 2 * x.data[i]);
    },
    tangent: ([t]) => t.map((v, i) => 2 * x.data[i] * v),
  });
}

describe('numericGradient', () => {
  it('central differences of Σx² are 2x (to O(h²))', () => {
    const [g] = numericGradient((x) => sum(mul(x, x)), [tensor([1, -2, 0.5])]);
    expect(Array.from(g).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([2, -4, 1]);
  });

  it('leaves the inputs as they were', () => {
    const x = tensor([[0.1, 0.2], [0.3, 0.4]]);
    numericGradient((t) => sum(sigmoid(t)), [x]);
    expect(x.toNested()).toEqual([[0.1, 0.2], [0.3, 0.4]]);
  });
});

describe('gradcheck', () => {
  it('passes a correct op and reports its errors', () => {
    const W = tensor([[1, 2, 3], [4, 5, 6]]);
    const report = gradcheck((w, b) => sum(sigmoid(linear(tensor([0.1, -0.2, 0.3]), w, b))), [W, tensor([0.5, -0.5])]);
    expect(report.ok).toBe(true);
    expect(report.params.map((p) => p.shape)).toEqual([[2, 3], [2]]);
    expect(report.params[0].maxAbsError).toBeLessThan(1e-8);
    expect(formatGradcheck(report)).toMatch(/^Gradient check passed for 2 argument\(s\)/);
  });

  it('finds a wrong element and says where, minitorch style', () => {
    const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    const report = gradcheck((a, b) => sum(mul(buggySquare(b, 6), a)), [tensor(1), x]);
    expect(report.ok).toBe(false);
    expect(report.params[0].ok).toBe(true);
    const p = report.params[1];
    expect(p.ok).toBe(false);
    expect(p.failures).toBe(1);
    expect(p.worst.index).toEqual([1, 2]);
    expect(p.worst.analytic).toBe(7);
    expect(p.worst.numeric).toBeCloseTo(14, 6);
    expect(formatGradcheck(report)).toBe(
      'Received derivative 7 for argument 1 at index (1, 2), but the central difference gives 14.',
    );
  });

  it('NaN gradients fail', () => {
    const report = gradcheck((x) => sum(mul(x, NaN)), [tensor([1])]);
    expect(report.ok).toBe(false);
  });

  it('multiIndex maps flat positions to row-major indices', () => {
    expect(multiIndex(7, [3, 4])).toEqual([1, 3]);
    expect(multiIndex(0, [])).toEqual([]);
    expect(multiIndex(5, [2, 2, 2])).toEqual([1, 0, 1]);
  });

  it('works on copies: the caller’s tensors keep their data and grads', () => {
    const x = new Tensor(Float64Array.of(1, 2), [2], { requiresGrad: true });
    gradcheck((t) => sum(mul(t, t)), [x]);
    expect(x.grad).toBeNull();
    expect(Array.from(x.data)).toEqual([1, 2]);
  });
});
