import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  div,
  jvp,
  maximum,
  mul,
  scalar,
  sigmoid,
  sub,
  sum,
  tanh,
  Tensor,
  type Shape,
} from '../../../lib/autodiff';

const RUNS = { numRuns: 60, seed: 4242 };

/** A broadcast shape and two operand shapes that broadcast to it (dims dropped on the left or set to 1). */
const broadcastPair = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((out) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: out.length }),
        fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
        fc.integer({ min: 0, max: out.length }),
        fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      )
      .map(([dropA, onesA, dropB, onesB]) => {
        const make = (drop: number, ones: boolean[]): Shape => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
        const a = make(dropA, onesA);
        const b = make(dropB, onesB);
        // The broadcast shape by definition: right-aligned, the larger dimension of each pair.
        const rank = Math.max(a.length, b.length);
        const shape = Array.from({ length: rank }, (_, i) => Math.max(a[i - rank + a.length] ?? 1, b[i - rank + b.length] ?? 1));
        return { out: shape, a, b };
      }),
  );

function filled(shape: Shape, f: (i: number) => number): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  return new Tensor(Float64Array.from({ length: size }, (_, i) => f(i)), shape.slice(), { requiresGrad: true });
}

/**
 * An independent reference for broadcasting: the flat index of `shape` that output multi-index
 * `idx` (of the broadcast shape) reads, computed directly from the definition.
 */
function sourceIndex(idx: number[], shape: Shape): number {
  const offset = idx.length - shape.length;
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i] + (shape[i] === 1 ? 0 : idx[i + offset]);
  return flat;
}

function* multiIndices(shape: Shape): Generator<number[]> {
  const size = shape.reduce((p, d) => p * d, 1);
  for (let k = 0; k < size; k++) {
    const idx = new Array<number>(shape.length);
    let r = k;
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      idx[ax] = r % shape[ax];
      r = Math.floor(r / shape[ax]);
    }
    yield idx;
  }
}

describe('broadcasting properties', () => {
  it('gradients have the inputs’ shapes and sum over the broadcast axes', () => {
    fc.assert(
      fc.property(broadcastPair, ({ out, a, b }) => {
        const x = filled(a, (i) => 0.5 + i);
        const y = filled(b, (i) => 1.5 - 0.25 * i);
        const w = filled(out, (i) => Math.cos(i)); // distinct weight per output element
        sum(mul(mul(x, y), w)).backward();
        expect(x.grad!.length).toBe(x.size);
        expect(y.grad!.length).toBe(y.size);
        // ∂/∂x[j] = Σ over output positions reading x[j] of w·y
        const gx = new Float64Array(x.size);
        const gy = new Float64Array(y.size);
        let k = 0;
        for (const idx of multiIndices(out)) {
          gx[sourceIndex(idx, a)] += w.data[k] * y.data[sourceIndex(idx, b)];
          gy[sourceIndex(idx, b)] += w.data[k] * x.data[sourceIndex(idx, a)];
          k++;
        }
        for (let i = 0; i < gx.length; i++) expect(x.grad![i]).toBeCloseTo(gx[i], 12);
        for (let i = 0; i < gy.length; i++) expect(y.grad![i]).toBeCloseTo(gy[i], 12);
      }),
      RUNS,
    );
  });

  it('for add, each input’s gradient counts how often it was repeated', () => {
    fc.assert(
      fc.property(broadcastPair, ({ out, a, b }) => {
        const x = filled(a, () => 1);
        const y = filled(b, () => 2);
        const z = add(x, y);
        expect(z.shape).toEqual(out);
        sum(z).backward();
        const outSize = out.reduce((p, d) => p * d, 1);
        expect(Array.from(x.grad!)).toEqual(new Array(x.size).fill(outSize / x.size));
        expect(Array.from(y.grad!)).toEqual(new Array(y.size).fill(outSize / y.size));
      }),
      RUNS,
    );
  });

  it('every broadcasting op: forward mode agrees with reverse mode', () => {
    const ops = [add, sub, mul, div, maximum];
    fc.assert(
      fc.property(broadcastPair, fc.integer({ min: 0, max: ops.length - 1 }), ({ a, b }, k) => {
        const op = ops[k];
        const x = filled(a, (i) => 1 + 0.3 * i);
        const y = filled(b, (i) => 2 - 0.7 * i + (i % 2 === 0 ? 0.05 : 0));
        const L = (p: Tensor, q: Tensor) => sum(mul(op(p, q), op(p, q)));
        const out = L(x, y);
        out.backward();
        const tx = Float64Array.from({ length: x.size }, (_, i) => Math.sin(i + 1));
        const ty = Float64Array.from({ length: y.size }, (_, i) => Math.cos(i + 1));
        const { tangent } = jvp(L, [x, y], [tx, ty]);
        let expected = 0;
        x.grad!.forEach((g, i) => (expected += g * tx[i]));
        y.grad!.forEach((g, i) => (expected += g * ty[i]));
        expect(tangent.item()).toBeCloseTo(expected, 9);
      }),
      RUNS,
    );
  });
});

describe('graph properties', () => {
  it('a node re-used n times: d(xⁿ)/dx = n·xⁿ⁻¹ from repeated multiplication', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (n, v) => {
        const x = scalar(v, { requiresGrad: true });
        let y: Tensor = x;
        for (let i = 1; i < n; i++) y = mul(y, x);
        y.backward();
        const expected = n * Math.pow(v, n - 1);
        expect(Math.abs(x.grad![0] - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
      }),
      RUNS,
    );
  });

  it('x used k times with different weights gets Σ of the weights', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 30 }), (ws) => {
        const x = scalar(0.7, { requiresGrad: true });
        const y = ws.map((w) => mul(x, w)).reduce((acc, t) => add(acc, t));
        y.backward();
        const expected = ws.reduce((s, w) => s + w, 0);
        expect(x.grad![0]).toBeCloseTo(expected, 10);
      }),
      RUNS,
    );
  });

  it('deep random chains: reverse mode = forward mode = the product of local derivatives', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('affine' as const), a: fc.double({ min: 0.5, max: 1.5, noNaN: true }), b: fc.double({ min: -1, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('tanh' as const) }),
      fc.record({ kind: fc.constant('sigmoid' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 3000 }), fc.double({ min: -2, max: 2, noNaN: true }), (steps, v) => {
        const f = (x: Tensor) => {
          let y = x;
          for (const s of steps) y = s.kind === 'affine' ? add(mul(y, s.a), s.b) : s.kind === 'tanh' ? tanh(y) : sigmoid(y);
          return y;
        };
        let value = v;
        let derivative = 1;
        for (const s of steps) {
          if (s.kind === 'affine') {
            derivative *= s.a;
            value = value * s.a + s.b;
          } else if (s.kind === 'tanh') {
            derivative *= 1 - Math.tanh(value) ** 2;
            value = Math.tanh(value);
          } else {
            const sv = 1 / (1 + Math.exp(-value));
            derivative *= sv * (1 - sv);
            value = sv;
          }
        }
        const x = scalar(v, { requiresGrad: true });
        f(x).backward();
        const forward = jvp(f, [scalar(v)], [1]).tangent.item();
        const tol = 1e-9 * Math.abs(derivative) + 1e-300;
        expect(Math.abs(x.grad![0] - derivative)).toBeLessThanOrEqual(tol);
        expect(Math.abs(forward - derivative)).toBeLessThanOrEqual(tol);
      }),
      { ...RUNS, numRuns: 25 },
    );
  });
});
