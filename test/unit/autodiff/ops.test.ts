import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  createRng,
  div,
  exp,
  jvp,
  log,
  maximum,
  minimum,
  mul,
  neg,
  pow,
  scalar,
  sqrt,
  square,
  sub,
  sum,
  tensor,
  type Shape,
  type Tensor,
} from '../../../lib/autodiff';
import { checkGradients, randomTensor } from './helpers';

/** Operand shape pairs: same shape, bias row, column, scalar, N-d on both sides. */
const SHAPE_PAIRS: [Shape, Shape][] = [
  [[], []],
  [[5], [5]],
  [[3, 4], [3, 4]],
  [[3, 4], [4]],
  [[4], [3, 4]],
  [[4, 1], [4, 3]],
  [[], [3, 4]],
  [[3, 4], []],
  [[2, 1, 3], [4, 1]],
];

const BINARY: [string, (a: Tensor, b: Tensor) => Tensor, { awayFromZeroB?: boolean }][] = [
  ['add', add, {}],
  ['sub', sub, {}],
  ['mul', mul, {}],
  ['div', div, { awayFromZeroB: true }],
  ['maximum', maximum, {}],
  ['minimum', minimum, {}],
];

describe('binary ops with broadcasting: central differences and forward = reverse', () => {
  for (const [name, op, { awayFromZeroB }] of BINARY) {
    for (const [sa, sb] of SHAPE_PAIRS) {
      it(`${name} [${sa}] with [${sb}]`, () => {
        const rng = createRng(`${name}/${sa}/${sb}`);
        const a = randomTensor(rng, sa);
        const b = randomTensor(rng, sb, awayFromZeroB ? { awayFrom: [0], margin: 0.3 } : {});
        checkGradients(op, [a, b], name);
      });
    }
  }

  it('a tensor used as both operands gets both contributions', () => {
    const rng = createRng('same');
    const x = randomTensor(rng, [3, 2], { awayFrom: [0], margin: 0.3 });
    checkGradients((t) => mul(t, t), [x]);
    checkGradients((t) => div(t, t), [x]);
    checkGradients((t) => sub(t, t), [x]);
  });

  it('numbers are constants', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    sum(add(mul(3, x), sub(1, div(x, 2)))).backward();
    expect(Array.from(x.grad!)).toEqual([2.5, 2.5, 2.5]);
  });

  it('grad shapes equal input shapes; broadcast axes are summed', () => {
    const X = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([10, 20, 30], { requiresGrad: true });
    const c = tensor([[2], [3]], { requiresGrad: true });
    sum(mul(add(X, b), c)).backward();
    expect(b.gradNested()).toEqual([5, 5, 5]); // Σ over the batch of c
    expect(c.gradNested()).toEqual([[66], [75]]); // row sums of X + b
    expect(X.gradNested()).toEqual([[2, 2, 2], [3, 3, 3]]);
  });

  it('rejects shapes that do not broadcast', () => {
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2]))).toThrow(/broadcast/);
  });
});

describe('unary ops', () => {
  const SHAPES: Shape[] = [[], [5], [3, 4]];
  const UNARY: [string, (x: Tensor) => Tensor, { lo?: number; hi?: number; awayFrom?: number[]; margin?: number }][] = [
    ['neg', neg, {}],
    ['exp', exp, {}],
    ['log', log, { lo: 0.1, hi: 3 }],
    ['sqrt', sqrt, { lo: 0.1, hi: 3 }],
    ['abs', abs, { awayFrom: [0] }],
    ['square', square, {}],
    ['pow 3', (x) => pow(x, 3), {}],
    ['pow 0.5', (x) => pow(x, 0.5), { lo: 0.1, hi: 3 }],
    ['pow -1', (x) => pow(x, -1), { awayFrom: [0], margin: 0.3 }],
    ['pow 0', (x) => pow(x, 0), {}],
    ['pow 1', (x) => pow(x, 1), {}],
  ];
  for (const [name, op, range] of UNARY) {
    for (const shape of SHAPES) {
      it(`${name} [${shape}]`, () => {
        const x = randomTensor(createRng(`${name}/${shape}`), shape, range);
        checkGradients(op, [x], name);
      });
    }
  }

  it('does not modify its inputs', () => {
    const x = tensor([[1, -2], [3, 4]]);
    const before = Array.from(x.data);
    exp(x);
    abs(x);
    pow(x, 2);
    add(x, x);
    expect(Array.from(x.data)).toEqual(before);
  });
});

describe('subgradients at kinks (documented choices)', () => {
  it('maximum/minimum split the gradient ½ / ½ at a tie', () => {
    const a = scalar(1, { requiresGrad: true });
    const b = scalar(1, { requiresGrad: true });
    maximum(a, b).backward();
    expect([a.grad![0], b.grad![0]]).toEqual([0.5, 0.5]);
    a.zeroGrad();
    b.zeroGrad();
    minimum(a, b).backward();
    expect([a.grad![0], b.grad![0]]).toEqual([0.5, 0.5]);
  });

  it('so max(x, x) still has derivative 1', () => {
    const x = scalar(2, { requiresGrad: true });
    maximum(x, x).backward();
    expect(x.grad![0]).toBe(1);
  });

  it('away from a tie the gradient goes to the winner only', () => {
    const a = tensor([1, 5], { requiresGrad: true });
    const b = tensor([3, 2], { requiresGrad: true });
    sum(maximum(a, b)).backward();
    expect(a.gradNested()).toEqual([0, 1]);
    expect(b.gradNested()).toEqual([1, 0]);
  });

  it('forward mode uses the same tie rule', () => {
    const { tangent } = jvp((a, b) => maximum(a, b), [scalar(1), scalar(1)], [1, 0]);
    expect(tangent.item()).toBe(0.5);
  });

  it('|x| has subgradient 0 at x = 0', () => {
    const x = tensor([-1, 0, 2], { requiresGrad: true });
    sum(abs(x)).backward();
    expect(x.gradNested()).toEqual([-1, 0, 1]);
  });

  it('pow(x, 0) has derivative 0 even at x = 0', () => {
    const x = scalar(0, { requiresGrad: true });
    pow(x, 0).backward();
    expect(x.grad![0]).toBe(0);
  });
});
