import { describe, expect, it } from 'vitest';
import {
  add,
  backward,
  div,
  exp,
  mul,
  neg,
  noGrad,
  scalar,
  sigmoid,
  sum,
  tanh,
  tensor,
  topologicalOrder,
  zeroGrad,
  type Tensor,
} from '../../../lib/autodiff';

describe('the book’s example (§4.5): f(x; w, b) = σ(wx + b)', () => {
  it('as the graph h1 = x·w, h2 = h1 + b, h3 = −h2, h4 = exp(h3), h5 = h4 + 1, h6 = 1/h5', () => {
    const x = scalar(1);
    const w = scalar(0, { requiresGrad: true });
    const b = scalar(0, { requiresGrad: true });
    const h1 = mul(x, w);
    const h2 = add(h1, b);
    const h3 = neg(h2);
    const h4 = exp(h3);
    const h5 = add(h4, 1);
    const h6 = div(1, h5);
    h6.backward();
    expect(h6.item()).toBe(0.5);
    expect(w.grad![0]).toBe(0.25); // ∂f/∂w
    expect(b.grad![0]).toBe(0.25); // ∂f/∂b
    // The local derivatives multiply out along the chain: ∂h6/∂h5 = −1/h5² = −0.25, …
    expect(h5.grad![0]).toBe(-0.25);
    expect(h3.grad![0]).toBe(-0.25);
    expect(h2.grad![0]).toBe(0.25);
  });

  it('and with the sigmoid as one op', () => {
    const w = scalar(0, { requiresGrad: true });
    const b = scalar(0, { requiresGrad: true });
    sigmoid(add(mul(1, w), b)).backward();
    expect([w.grad![0], b.grad![0]]).toEqual([0.25, 0.25]);
  });
});

describe('accumulation', () => {
  it('a node used twice gets both contributions: y = x·x → dy/dx = 2x', () => {
    const x = scalar(3, { requiresGrad: true });
    mul(x, x).backward();
    expect(x.grad![0]).toBe(6);
  });

  it('a diamond: y = a·b with a = x + 1 and b = 2x → dy/dx = b + 2a', () => {
    const x = scalar(2, { requiresGrad: true });
    const a = add(x, 1);
    const b = mul(x, 2);
    mul(a, b).backward();
    expect(x.grad![0]).toBe(4 + 2 * 3);
  });

  it('leaves accumulate across backward calls (zero them between steps); interior grads do not', () => {
    const x = scalar(3, { requiresGrad: true });
    const y = mul(x, x);
    y.backward();
    y.backward();
    expect(x.grad![0]).toBe(12);
    expect(y.grad![0]).toBe(1);
    zeroGrad([x]);
    expect(x.grad).toBeNull();
    y.backward();
    expect(x.grad![0]).toBe(6);
  });

  it('a non-scalar output takes a seed gradient', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    mul(x, x).backward(tensor([1, 0, -1]));
    expect(x.gradNested()).toEqual([2, 0, -6]);
    expect(() => mul(x, x).backward()).toThrow(/not a scalar/);
    expect(() => mul(x, x).backward(tensor([1, 2]))).toThrow(/seed/);
  });

  it('tensors that do not require grad get none, and backward says why it cannot run', () => {
    const x = tensor([1, 2]);
    const w = tensor([3, 4], { requiresGrad: true });
    sum(mul(x, w)).backward();
    expect(x.grad).toBeNull();
    expect(w.gradNested()).toEqual([1, 2]);
    expect(() => sum(x).backward()).toThrow(/requiresGrad/);
  });

  it('noGrad records no graph', () => {
    const w = scalar(2, { requiresGrad: true });
    const y = noGrad(() => mul(w, w));
    expect(y.requiresGrad).toBe(false);
    expect(y.parents).toEqual([]);
  });
});

describe('deep graphs: no recursion anywhere', () => {
  it('a chain 100 000 ops deep (alternating add and mul) backpropagates', () => {
    const x = scalar(0.5, { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 50_000; i++) y = add(mul(y, 1.00001), 1e-6);
    y.backward();
    // dy/dx = 1.00001^50000, the product of the local derivatives along the chain
    expect(Math.abs(x.grad![0] / Math.pow(1.00001, 50_000) - 1)).toBeLessThan(1e-10);
    expect(topologicalOrder(y).length).toBe(100_001);
  });

  it('a 100 000-deep chain of tanh (each node depends on the one before)', () => {
    const x = scalar(0.1, { requiresGrad: true });
    let y: Tensor = x;
    let expected = 1;
    let v = 0.1;
    for (let i = 0; i < 100_000; i++) {
      y = tanh(y);
      expected *= 1 - Math.tanh(v) ** 2;
      v = Math.tanh(v);
    }
    backward(y);
    expect(Math.abs(x.grad![0] - expected) / expected).toBeLessThan(1e-9);
  });

  it('a wide fan-in: one node used 10 000 times', () => {
    const x = scalar(1.5, { requiresGrad: true });
    let acc: Tensor = scalar(0);
    for (let i = 0; i < 10_000; i++) acc = add(acc, x);
    acc.backward();
    expect(x.grad![0]).toBe(10_000);
  });
});

describe('topological order', () => {
  it('puts every tensor after its parents and visits shared tensors once', () => {
    const x = scalar(1, { requiresGrad: true });
    const a = mul(x, 2);
    const b = add(a, a);
    const c = mul(b, a);
    const order = topologicalOrder(c);
    expect(order).toEqual([x, a, b, c]);
  });
});
