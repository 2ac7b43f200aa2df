import { check, defineChecks, examples, tolerances, type GraphSpec, type InputRng, type ReferenceGraph } from '../../../grader/harness';
import { add, div, elementwise, exp, jvp, log, mul, neg, scalar, sub, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

// The engine has no trigonometric ops; elementwise() makes them with their derivatives, which
// give both the backward and the forward-mode (tangent) rule.
const sin = (x: Tensor) => elementwise(x, 'sin', Math.sin, Math.cos);
const cos = (x: Tensor) => elementwise(x, 'cos', Math.cos, (v) => -Math.sin(v));

type BinaryOp = 'add' | 'sub' | 'mul' | 'div';
type UnaryOp = 'neg' | 'exp' | 'log' | 'sin' | 'cos';
type FnName = 'square-plus' | 'sin-exp' | 'sigmoid-w' | 'cubic' | 'x-sin-x2' | 'exp-sin-over-x' | 'log-cos' | 'reuse';

interface BinaryInput {
  op: BinaryOp;
  a: number;
  da: number;
  /** the right operand: a dual c + dc·ε, or the plain number c when dc is absent */
  c: number;
  dc?: number;
}
interface UnaryInput {
  op: UnaryOp;
  a: number;
  da: number;
}
interface FnInput {
  fn: FnName;
  t: number;
  p?: number;
  q?: number;
}

interface DualLike {
  val: number;
  dot: number;
  add(other: DualLike | number): DualLike;
  sub(other: DualLike | number): DualLike;
  mul(other: DualLike | number): DualLike;
  div(other: DualLike | number): DualLike;
  neg(): DualLike;
  exp(): DualLike;
  log(): DualLike;
  sin(): DualLike;
  cos(): DualLike;
}

// ---------------------------------------------------------------------------------------------
// What runs in the sandbox (self-contained: each builds its expression from m.Dual).

const callBinary = (m: typeof Starter, i: BinaryInput) => {
  const x = new m.Dual(i.a, i.da);
  const y = i.dc === undefined ? i.c : new m.Dual(i.c, i.dc);
  const out = x[i.op](y);
  return { val: out.val, dot: out.dot };
};

const callUnary = (m: typeof Starter, i: UnaryInput) => {
  const out = new m.Dual(i.a, i.da)[i.op]();
  return { val: out.val, dot: out.dot };
};

const callDerivative = (m: typeof Starter, i: FnInput) => {
  const D = m.Dual;
  const p = i.p ?? 0;
  const q = i.q ?? 0;
  const fns: Record<string, (v: DualLike) => DualLike> = {
    'square-plus': (v) => v.mul(v).add(v.mul(3)),
    'sin-exp': (v) => v.sin().mul(v.exp()),
    'sigmoid-w': (w) => new D(1, 0).div(w.mul(p).add(q).neg().exp().add(1)),
    cubic: (v) => v.mul(v).mul(v).sub(v.mul(2)).add(1),
    'x-sin-x2': (v) => v.mul(v.mul(v).sin()),
    'exp-sin-over-x': (v) => v.sin().exp().div(v),
    'log-cos': (v) => v.mul(v).add(1).log().mul(v.cos()),
    reuse: (v) => v.add(1).mul(v.sub(1)).div(v.mul(v).add(1)),
  };
  return m.derivative(fns[i.fn]!, i.t);
};

// ---------------------------------------------------------------------------------------------
// The same expressions in the reference engine, differentiated by its forward mode (jvp).

const BINARY: Record<BinaryOp, (x: Tensor, y: Tensor | number) => Tensor> = { add, sub, mul, div };
const UNARY: Record<UnaryOp, (x: Tensor) => Tensor> = { neg, exp, log, sin, cos };

const dualOut = (r: { value: Tensor; tangent: Tensor }) => ({ val: r.value.item(), dot: r.tangent.item() });

function expectedBinary({ op, a, da, c, dc }: BinaryInput) {
  if (dc === undefined) return dualOut(jvp((x) => BINARY[op](x, c), [scalar(a)], [da]));
  return dualOut(jvp((x, y) => BINARY[op](x, y), [scalar(a), scalar(c)], [da, dc]));
}

const expectedUnary = ({ op, a, da }: UnaryInput) => dualOut(jvp((x) => UNARY[op](x), [scalar(a)], [da]));

function referenceFn(fn: FnName, p: number, q: number): (t: Tensor) => Tensor {
  switch (fn) {
    case 'square-plus':
      return (v) => add(mul(v, v), mul(v, 3));
    case 'sin-exp':
      return (v) => mul(sin(v), exp(v));
    case 'sigmoid-w':
      return (w) => div(1, add(exp(neg(add(mul(w, p), q))), 1));
    case 'cubic':
      return (v) => add(sub(mul(mul(v, v), v), mul(v, 2)), 1);
    case 'x-sin-x2':
      return (v) => mul(v, sin(mul(v, v)));
    case 'exp-sin-over-x':
      return (v) => div(exp(sin(v)), v);
    case 'log-cos':
      return (v) => mul(log(add(mul(v, v), 1)), cos(v));
    case 'reuse':
      return (v) => div(mul(add(v, 1), sub(v, 1)), add(mul(v, v), 1));
  }
}

const expectedDerivative = ({ fn, t, p = 0, q = 0 }: FnInput) => jvp(referenceFn(fn, p, q), [scalar(t)], [1]).tangent.item();

/** The central difference of the reference function, shown beside the reference derivative. */
function numericDerivative({ fn, t, p = 0, q = 0 }: FnInput): number {
  const f = referenceFn(fn, p, q);
  const h = 1e-5;
  return (f(scalar(t + h)).item() - f(scalar(t - h)).item()) / (2 * h);
}

// ---------------------------------------------------------------------------------------------
// The graph drawn in feedback for the statement's examples: every node is a Dual the learner's
// methods returned, carrying its value and its tangent (∂node/∂input), seeded with 1 at the input.

const DRAWN: FnName[] = ['square-plus', 'sin-exp', 'sigmoid-w'];

const drawing: GraphSpec<FnInput> = {
  mode: 'forward',
  drawable: (i) => DRAWN.includes(i.fn),
  call: (m: typeof Starter, i: FnInput) => {
    const named: [unknown, string, string][] = [];
    const edges: [number, number][] = [];
    const node = (value: DualLike, label: string, op: string, ...inputs: number[]) => {
      named.push([value, label, op]);
      for (const k of inputs) edges.push([k, named.length - 1]);
      return value;
    };
    if (i.fn === 'sigmoid-w') {
      const w = node(new m.Dual(i.t, 1), 'w', '');
      const h1 = node(w.mul(i.p ?? 0), 'h₁', 'mul', 0);
      const h2 = node(h1.add(i.q ?? 0), 'h₂', 'add', 1);
      const h3 = node(h2.neg(), 'h₃', 'neg', 2);
      const h4 = node(h3.exp(), 'h₄', 'exp', 3);
      const h5 = node(h4.add(1), 'h₅', 'add', 4);
      const one = node(new m.Dual(1, 0), '1', '');
      node(one.div(h5), 'h₆', 'div', 6, 5);
    } else {
      const x = node(new m.Dual(i.t, 1), 'x', '');
      const h1 = i.fn === 'square-plus' ? node(x.mul(x), 'h₁', 'mul', 0, 0) : node(x.sin(), 'h₁', 'sin', 0);
      const h2 = i.fn === 'square-plus' ? node(x.mul(3), 'h₂', 'mul', 0) : node(x.exp(), 'h₂', 'exp', 0);
      if (i.fn === 'square-plus') node(h1.add(h2), 'h₃', 'add', 1, 2);
      else node(h1.mul(h2), 'h₃', 'mul', 1, 2);
    }
    return { named, edges, fields: { value: 'val', grad: 'dot' } };
  },
  reference: ({ fn, t, p = 0, q = 0 }: FnInput): ReferenceGraph => {
    type N = ReferenceGraph['nodes'][number];
    const n = (label: string, op: string, value: number, grad: number, args?: N['args']): N => ({ label, op, value, grad, ...(args ? { args } : {}) });
    if (fn === 'sigmoid-w') {
      const h1 = n('h₁', 'mul', t * p, p, ['w', p]);
      const h2 = n('h₂', 'add', h1.value! + q, p, ['h₁', q]);
      const h3 = n('h₃', 'neg', -h2.value!, -p);
      const h4 = n('h₄', 'exp', Math.exp(h3.value!), Math.exp(h3.value!) * -p);
      const h5 = n('h₅', 'add', h4.value! + 1, h4.grad!, ['h₄', 1]);
      const h6 = n('h₆', 'div', 1 / h5.value!, -h5.grad! / h5.value! ** 2, ['1', 'h₅']);
      return {
        nodes: [n('w', '', t, 1), h1, h2, h3, h4, h5, n('1', '', 1, 0), h6],
        edges: [['w', 'h₁'], ['h₁', 'h₂'], ['h₂', 'h₃'], ['h₃', 'h₄'], ['h₄', 'h₅'], ['1', 'h₆'], ['h₅', 'h₆']],
      };
    }
    const x = n('x', '', t, 1);
    if (fn === 'square-plus') {
      const h1 = n('h₁', 'mul', t * t, 2 * t, ['x', 'x']);
      const h2 = n('h₂', 'mul', 3 * t, 3, ['x', 3]);
      return { nodes: [x, h1, h2, n('h₃', 'add', h1.value! + h2.value!, h1.grad! + h2.grad!, ['h₁', 'h₂'])], edges: [['x', 'h₁'], ['x', 'h₂'], ['h₁', 'h₃'], ['h₂', 'h₃']] };
    }
    const h1 = n('h₁', 'sin', Math.sin(t), Math.cos(t));
    const h2 = n('h₂', 'exp', Math.exp(t), Math.exp(t));
    const h3 = n('h₃', 'mul', h1.value! * h2.value!, h1.grad! * h2.value! + h1.value! * h2.grad!, ['h₁', 'h₂']);
    return { nodes: [x, h1, h2, h3], edges: [['x', 'h₁'], ['x', 'h₂'], ['h₁', 'h₃'], ['h₂', 'h₃']] };
  },
};

// ---------------------------------------------------------------------------------------------

const fmt = (v: number) => String(Number(v.toPrecision(6)));
const dualText = (v: number, d: number) => `new Dual(${fmt(v)}, ${fmt(d)})`;
const describeBinary = ({ op, a, da, c, dc }: BinaryInput) => `${dualText(a, da)}.${op}(${dc === undefined ? fmt(c) : dualText(c, dc)})`;
const describeUnary = ({ op, a, da }: UnaryInput) => `${dualText(a, da)}.${op}()`;
const FORMULAS: Record<FnName, string> = {
  'square-plus': 'f(x) = x·x + 3x',
  'sin-exp': 'f(x) = sin(x)·exp(x)',
  'sigmoid-w': 'f(w) = 1 / (exp(−(w·p + q)) + 1)',
  cubic: 'f(x) = x³ − 2x + 1',
  'x-sin-x2': 'f(x) = x·sin(x²)',
  'exp-sin-over-x': 'f(x) = exp(sin x) / x',
  'log-cos': 'f(x) = log(1 + x²)·cos(x)',
  reuse: 'f(x) = (x + 1)(x − 1) / (x² + 1)',
};
function describeFn({ fn, t, p, q }: FnInput): string {
  const params = fn === 'sigmoid-w' ? ` with p = ${fmt(p ?? 0)}, q = ${fmt(q ?? 0)}` : '';
  return `derivative(${FORMULAS[fn]}${params}, ${fmt(t)})`;
}

const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div'];
const UNARY_OPS: UnaryOp[] = ['neg', 'exp', 'log', 'sin', 'cos'];
const COMPOSITES: FnName[] = ['cubic', 'sigmoid-w', 'x-sin-x2', 'exp-sin-over-x', 'log-cos', 'reuse', 'sin-exp'];

/** A value away from 0 (a divisor). */
const nonZero = (rng: InputRng) => (rng.random() < 0.5 ? -1 : 1) * rng.uniform(0.3, 3);

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      graph: drawing,
      kind: 'gradient',
      points: 2,
      call: callDerivative,
      inputs: [
        { fn: 'square-plus', t: 2 },
        { fn: 'sin-exp', t: 0 },
        { fn: 'sigmoid-w', t: 0, p: 1, q: 0 },
      ] as FnInput[],
      expected: expectedDerivative,
      numeric: numericDerivative,
      describe: describeFn,
    }),
    check({
      name: 'dual-arithmetic',
      title: { en: 'add, sub, mul, div of two dual numbers', zh: '两个对偶数的 add、sub、mul、div' },
      points: 3,
      call: callBinary,
      inputs: (rng) => BINARY_OPS.flatMap((op) => Array.from({ length: 6 }, () => ({ op, a: rng.uniform(-3, 3), da: rng.normal(0, 1), c: nonZero(rng), dc: rng.normal(0, 1) }))),
      expected: expectedBinary,
      describe: describeBinary,
    }),
    check({
      name: 'number-operands',
      title: { en: 'add, sub, mul, div with a plain number (a constant)', zh: '与普通数（常数）的 add、sub、mul、div' },
      points: 2,
      call: callBinary,
      inputs: (rng) => BINARY_OPS.flatMap((op) => Array.from({ length: 4 }, () => ({ op, a: rng.uniform(-3, 3), da: rng.normal(0, 1), c: nonZero(rng) }))),
      expected: expectedBinary,
      describe: describeBinary,
    }),
    check({
      name: 'elementary',
      title: { en: 'neg, exp, log, sin, cos', zh: 'neg、exp、log、sin、cos' },
      points: 3,
      call: callUnary,
      inputs: (rng) => UNARY_OPS.flatMap((op) => Array.from({ length: 5 }, () => ({ op, a: op === 'log' ? rng.uniform(0.1, 5) : rng.uniform(-3, 3), da: rng.normal(0, 1) }))),
      expected: expectedUnary,
      describe: describeUnary,
    }),
    check({
      name: 'compositions',
      title: { en: 'derivative() of composite functions, including the book\'s σ(wx + b)', zh: '复合函数的 derivative()，包括书中的 σ(wx + b)' },
      kind: 'gradient',
      points: 4,
      call: callDerivative,
      inputs: (rng) =>
        COMPOSITES.flatMap((fn) =>
          Array.from({ length: 4 }, () => ({ fn, t: fn === 'exp-sin-over-x' ? nonZero(rng) : rng.uniform(-2.5, 2.5), ...(fn === 'sigmoid-w' ? { p: rng.uniform(-2, 2), q: rng.uniform(-1, 1) } : {}) })),
        ),
      expected: expectedDerivative,
      numeric: numericDerivative,
      describe: describeFn,
    }),
  ],
  mistakes: {
    'product-rule-forgotten': {
      hint: {
        en: 'Your mul gives the product of the tangents, ȧ·ċ. Multiply out (a + ȧε)(c + ċε) with ε² = 0: ac + (ȧc + aċ)ε — the product rule.',
        zh: '你的 mul 给出的是两个切线分量之积 ȧ·ċ。在 ε² = 0 下展开 (a + ȧε)(c + ċε)：ac + (ȧc + aċ)ε——即乘积法则。',
      },
    },
    'quotient-rule-sign': {
      hint: {
        en: 'Your div uses (ȧc + aċ)/c². Making the divisor larger makes a quotient smaller: (a/c)′ = (ȧc − aċ)/c².',
        zh: '你的 div 用的是 (ȧc + aċ)/c²。分母变大会让商变小：(a/c)′ = (ȧc − aċ)/c²。',
      },
    },
    'constant-tangent-one': {
      hint: {
        en: 'A plain number gets tangent 1 in your code. A constant does not change with the input: c becomes c + 0ε. Only the input itself is seeded with 1.',
        zh: '在你的代码中，普通数的切线分量为 1。常数不随输入变化：c 应变为 c + 0ε。只有输入本身的切线分量才设为 1。',
      },
    },
    'cos-derivative-sign': {
      hint: {
        en: "Your cos has tangent sin(a)·ȧ. The derivative of cos is −sin: cos(a + ȧε) = cos a − sin(a)·ȧ ε.",
        zh: '你的 cos 的切线分量是 sin(a)·ȧ。cos 的导数是 −sin：cos(a + ȧε) = cos a − sin(a)·ȧ ε。',
      },
    },
  },
});
