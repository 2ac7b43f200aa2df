import { check, defineChecks, type InputRng, type Path, type Place } from '../../../grader/harness';
import { add, exp, mul, pow, relu, scalar, tanh, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

// ---------------------------------------------------------------------------------------------
// Expression programs: leaves v0 … v(n−1), then one op per line, each making the next node. The
// output is the last node. The same program is run with the learner's Value (in the sandbox) and
// with lib/autodiff (on the host).

type OpName = 'add' | 'mul' | 'pow' | 'exp' | 'tanh' | 'relu';
interface Op {
  op: OpName;
  /** Index of the node the method is called on. */
  a: number;
  /** add/mul with another node. */
  b?: number;
  /** add/mul with a plain number. */
  c?: number;
  /** pow's exponent. */
  k?: number;
}
interface Program {
  leaves: number[];
  ops: Op[];
  /** How many times backward() is called on the output (0: only the forward values are checked). */
  backward: number;
}

const run = (m: typeof Starter, p: Program) => {
  const nodes = p.leaves.map((v) => new m.Value(v));
  const apply = (o: Op): Starter.Value => {
    const a = nodes[o.a]!;
    const other = o.b !== undefined ? nodes[o.b]! : o.c!;
    switch (o.op) {
      case 'add':
        return a.add(other);
      case 'mul':
        return a.mul(other);
      case 'pow':
        return a.pow(o.k!);
      case 'exp':
        return a.exp();
      case 'tanh':
        return a.tanh();
      case 'relu':
        return a.relu();
    }
  };
  for (const o of p.ops) nodes.push(apply(o));
  const out = nodes[nodes.length - 1]!;
  for (let i = 0; i < p.backward; i++) out.backward();
  if (p.backward === 0) return { data: out.data };
  return { data: out.data, grads: nodes.map((n) => n.grad) };
};

function evaluate(p: Program): { data: number; grads?: number[] } {
  const nodes: Tensor[] = p.leaves.map((v) => scalar(v, { requiresGrad: true }));
  for (const o of p.ops) {
    const a = nodes[o.a]!;
    const other = o.b !== undefined ? nodes[o.b]! : o.c!;
    const ops: Record<OpName, () => Tensor> = {
      add: () => add(a, other),
      mul: () => mul(a, other),
      pow: () => pow(a, o.k!),
      exp: () => exp(a),
      tanh: () => tanh(a),
      relu: () => relu(a),
    };
    nodes.push(ops[o.op]());
  }
  const out = nodes[nodes.length - 1]!;
  if (p.backward === 0) return { data: out.item() };
  // The contract: after any number of calls, grad = ∂out/∂node (0 for nodes out does not depend on).
  out.backward();
  return { data: out.item(), grads: nodes.map((n) => n.grad?.[0] ?? 0) };
}

/** The program's output in plain arithmetic, with node `bumped` (if any) shifted by `h` before it is used. */
function forwardPlain(p: Program, bumped = -1, h = 0): number {
  const v = p.leaves.map((x, i) => (i === bumped ? x + h : x));
  p.ops.forEach((o, n) => {
    const x = v[o.a]!;
    const y = o.b !== undefined ? v[o.b]! : o.c!;
    const fns: Record<OpName, () => number> = {
      add: () => x + y,
      mul: () => x * y,
      pow: () => x ** o.k!,
      exp: () => Math.exp(x),
      tanh: () => Math.tanh(x),
      relu: () => Math.max(0, x),
    };
    const value = fns[o.op]();
    v.push(p.leaves.length + n === bumped ? value + h : value);
  });
  return v[v.length - 1]!;
}

/** Central differences: ∂out/∂vᵢ ≈ (out(vᵢ + h) − out(vᵢ − h))/2h, recomputing everything downstream of vᵢ. */
function numericProgram(p: Program): { data: number; grads?: number[] } {
  const data = forwardPlain(p);
  if (p.backward === 0) return { data };
  const grads = Array.from({ length: p.leaves.length + p.ops.length }, (_, i) => (forwardPlain(p, i, 1e-6) - forwardPlain(p, i, -1e-6)) / 2e-6);
  return { data, grads };
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));
function describeProgram(p: Program): string {
  const name = (i: number) => `v${i}`;
  const lines = p.leaves.map((v, i) => `${name(i)} = new Value(${fmt(v)})`);
  p.ops.forEach((o, i) => {
    const arg = o.b !== undefined ? name(o.b) : o.c !== undefined ? fmt(o.c) : o.k !== undefined ? fmt(o.k) : '';
    lines.push(`${name(p.leaves.length + i)} = ${name(o.a)}.${o.op}(${arg})`);
  });
  const out = name(p.leaves.length + p.ops.length - 1);
  const calls = p.backward === 0 ? 'no backward()' : p.backward === 1 ? `${out}.backward()` : `${out}.backward() called ${p.backward} times`;
  return `${lines.join('; ')}; ${calls}`;
}

function locateProgram(path: Path): Place {
  const [field, i] = path;
  if (field === 'data') return { label: 'the output’s data' };
  if (field === 'grads' && typeof i === 'number') return { label: `v${i}.grad (∂out/∂v${i})`, row: i };
  return { label: path.length === 0 ? 'the answer' : String(field) };
}

const tolerance = { abs: 1e-10, rel: 1e-8 };
const programCheck = { call: run, expected: evaluate, numeric: numericProgram, tolerance, describe: describeProgram, locate: locateProgram };

// ---------------------------------------------------------------------------------------------
// The book's example f(x; w, b) = σ(wx + b), written with the five ops in two ways.

interface Sigmoid {
  x: number;
  w: number;
  b: number;
  /** exp: 1/(exp(−(wx + b)) + 1), the book's h1 … h6; tanh: (1 + tanh((wx + b)/2))/2. */
  form: 'exp' | 'tanh';
}

const sigmoidGraph = (m: typeof Starter, { x, w, b, form }: Sigmoid) => {
  const vx = new m.Value(x);
  const vw = new m.Value(w);
  const vb = new m.Value(b);
  const h = vw.mul(vx).add(vb);
  const f = form === 'exp' ? h.mul(-1).exp().add(1).pow(-1) : h.mul(0.5).tanh().add(1).mul(0.5);
  f.backward();
  return { f: f.data, dx: vx.grad, dw: vw.grad, db: vb.grad };
};

function sigmoidReference({ x, w, b, form }: Sigmoid) {
  const [tx, tw, tb] = [x, w, b].map((v) => scalar(v, { requiresGrad: true })) as [Tensor, Tensor, Tensor];
  const h = add(mul(tw, tx), tb);
  const f = form === 'exp' ? pow(add(exp(mul(h, -1)), 1), -1) : mul(add(tanh(mul(h, 0.5)), 1), 0.5);
  f.backward();
  return { f: f.item(), dx: tx.grad![0]!, dw: tw.grad![0]!, db: tb.grad![0]! };
}

function sigmoidNumeric({ x, w, b }: Sigmoid) {
  const f = (x: number, w: number, b: number) => 1 / (Math.exp(-(w * x + b)) + 1);
  const h = 1e-6;
  const central = (up: number, down: number) => (up - down) / (2 * h);
  return {
    f: f(x, w, b),
    dx: central(f(x + h, w, b), f(x - h, w, b)),
    dw: central(f(x, w + h, b), f(x, w - h, b)),
    db: central(f(x, w, b + h), f(x, w, b - h)),
  };
}

const sigmoidCheck = {
  call: sigmoidGraph,
  expected: sigmoidReference,
  numeric: sigmoidNumeric,
  tolerance: { abs: 1e-12, rel: 1e-9 },
  describe: ({ x, w, b, form }: Sigmoid) =>
    form === 'exp'
      ? `f = w.mul(x).add(b).mul(-1).exp().add(1).pow(-1) at x = ${fmt(x)}, w = ${fmt(w)}, b = ${fmt(b)}`
      : `f = w.mul(x).add(b).mul(0.5).tanh().add(1).mul(0.5) at x = ${fmt(x)}, w = ${fmt(w)}, b = ${fmt(b)}`,
  locate: (path: Path): Place => {
    const labels: Record<string, string> = { f: 'f.data', dx: 'x.grad (∂f/∂x)', dw: 'w.grad (∂f/∂w)', db: 'b.grad (∂f/∂b)' };
    return { label: labels[String(path[0])] ?? 'the answer' };
  },
};

// ---------------------------------------------------------------------------------------------
// A chain deeper than any call stack: out = (…((x·c) + d)·c + d…), `depth` ops.

interface Chain {
  depth: number;
  x: number;
  c: number;
  d: number;
}

const chain = (m: typeof Starter, { depth, x, c, d }: Chain) => {
  const leaf = new m.Value(x);
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? v.mul(c) : v.add(d);
  try {
    v.backward();
  } catch (err) {
    // Reported as the answer, so feedback can say what happened instead of a bare crash.
    if (err instanceof RangeError) return { data: v.data, grad: `RangeError: ${err.message}` };
    throw err;
  }
  return { data: v.data, grad: leaf.grad };
};

function chainReference({ depth, x, c, d }: Chain) {
  const leaf = scalar(x, { requiresGrad: true });
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? mul(v, c) : add(v, d);
  v.backward();
  return { data: v.item(), grad: leaf.grad![0]! };
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** Uniform in ±[lo, hi]: away from 0 (ReLU's kink, 1/x's pole). */
function awayFromZero(rng: InputRng, lo: number, hi: number): number {
  const v = rng.uniform(lo, hi);
  return rng.uniform(0, 1) < 0.5 ? -v : v;
}

/** Index in [0, n) whatever the generator's convention for its upper bound. */
function index(rng: InputRng, n: number): number {
  return Math.min(n - 1, Math.floor(rng.uniform(0, n)));
}

function singleOps(rng: InputRng, backward: number): Program[] {
  const programs: Program[] = [];
  for (let r = 0; r < 3; r++) {
    const a = awayFromZero(rng, 0.2, 3);
    const b = awayFromZero(rng, 0.2, 3);
    programs.push(
      { leaves: [a, b], ops: [{ op: 'add', a: 0, b: 1 }], backward },
      { leaves: [a], ops: [{ op: 'add', a: 0, c: b }], backward },
      { leaves: [a, b], ops: [{ op: 'mul', a: 0, b: 1 }], backward },
      { leaves: [a], ops: [{ op: 'mul', a: 0, c: b }], backward },
      { leaves: [a], ops: [{ op: 'pow', a: 0, k: [2, 3, -1][r]! }], backward },
      { leaves: [Math.abs(a)], ops: [{ op: 'pow', a: 0, k: [0.5, -2, 1.5][r]! }], backward },
      { leaves: [a], ops: [{ op: 'exp', a: 0 }], backward },
      { leaves: [a], ops: [{ op: 'tanh', a: 0 }], backward },
      { leaves: [Math.abs(a)], ops: [{ op: 'relu', a: 0 }], backward },
      { leaves: [-Math.abs(b)], ops: [{ op: 'relu', a: 0 }], backward },
    );
  }
  return programs;
}

/** Graphs in which some node is used more than once: gradients must add up, not overwrite. */
function reusedNodes(rng: InputRng): Program[] {
  const shapes: ((x: number, y: number) => Program)[] = [
    // x·x
    (x) => ({ leaves: [x], ops: [{ op: 'mul', a: 0, b: 0 }], backward: 1 }),
    // x + x
    (x) => ({ leaves: [x], ops: [{ op: 'add', a: 0, b: 0 }], backward: 1 }),
    // (x·x)·x
    (x) => ({ leaves: [x], ops: [{ op: 'mul', a: 0, b: 0 }, { op: 'mul', a: 1, b: 0 }], backward: 1 }),
    // a = x·y feeds two branches: tanh(a) + 3a
    (x, y) => ({
      leaves: [x, y],
      ops: [
        { op: 'mul', a: 0, b: 1 },
        { op: 'tanh', a: 2 },
        { op: 'mul', a: 2, c: 3 },
        { op: 'add', a: 3, b: 4 },
      ],
      backward: 1,
    }),
    // a diamond: e = exp(x); (2e + e²)·e
    (x) => ({
      leaves: [x],
      ops: [
        { op: 'exp', a: 0 },
        { op: 'mul', a: 1, c: 2 },
        { op: 'pow', a: 1, k: 2 },
        { op: 'add', a: 2, b: 3 },
        { op: 'mul', a: 4, b: 1 },
      ],
      backward: 1,
    }),
    // x and y each used three times: ((x·y + x)·y) + x·y
    (x, y) => ({
      leaves: [x, y],
      ops: [
        { op: 'mul', a: 0, b: 1 },
        { op: 'add', a: 2, b: 0 },
        { op: 'mul', a: 3, b: 1 },
        { op: 'add', a: 4, b: 2 },
      ],
      backward: 1,
    }),
    // relu(x)·x + relu(x)
    (x) => ({
      leaves: [x],
      ops: [
        { op: 'relu', a: 0 },
        { op: 'mul', a: 1, b: 0 },
        { op: 'add', a: 2, b: 1 },
      ],
      backward: 1,
    }),
  ];
  return shapes.flatMap((shape) => [0, 1].map(() => shape(awayFromZero(rng, 0.3, 1.5), awayFromZero(rng, 0.3, 1.5))));
}

/** backward() called more than once, and nodes the output does not depend on. */
function semantics(rng: InputRng): Program[] {
  const x = () => awayFromZero(rng, 0.3, 1.5);
  const diamond: Op[] = [
    { op: 'exp', a: 0 },
    { op: 'mul', a: 1, c: 2 },
    { op: 'pow', a: 1, k: 2 },
    { op: 'add', a: 2, b: 3 },
    { op: 'mul', a: 4, b: 1 },
  ];
  // v3 = v0·v1 is the path to the output; v4 = exp(v2) and v5 = v4·v0 hang off the graph unused.
  const unused: Op[] = [
    { op: 'mul', a: 0, b: 1 },
    { op: 'exp', a: 2 },
    { op: 'mul', a: 4, b: 0 },
    { op: 'tanh', a: 3 },
  ];
  return [
    { leaves: [x()], ops: diamond, backward: 2 },
    { leaves: [x(), x()], ops: [{ op: 'mul', a: 0, b: 1 }, { op: 'add', a: 2, b: 0 }], backward: 3 },
    { leaves: [x(), x(), x()], ops: unused, backward: 1 },
    { leaves: [x(), x(), x()], ops: unused, backward: 2 },
  ];
}

/**
 * A random expression graph: each op takes earlier nodes (often recent ones, so the graph is deep;
 * any earlier one otherwise, so nodes get re-used). Values are kept moderate so every gradient is
 * well conditioned: no exp of large numbers, no tanh deep in saturation, nothing near a pole or a kink.
 */
function randomProgram(rng: InputRng, leafCount: number, opCount: number): Program {
  const values = Array.from({ length: leafCount }, () => awayFromZero(rng, 0.2, 2));
  const leaves = values.slice();
  const ops: Op[] = [];
  const pickNode = () => (rng.uniform(0, 1) < 0.6 ? Math.max(0, values.length - 1 - index(rng, 3)) : index(rng, values.length));
  while (ops.length < opCount) {
    const names: OpName[] = ['add', 'add', 'mul', 'mul', 'pow', 'exp', 'tanh', 'relu'];
    const op = names[index(rng, names.length)]!;
    const a = pickNode();
    const x = values[a]!;
    let candidate: { op: Op; value: number } | null = null;
    if (op === 'add' || op === 'mul') {
      const withNumber = rng.uniform(0, 1) < 0.3;
      const b = pickNode();
      const y = withNumber ? Number(awayFromZero(rng, 0.5, 2).toFixed(2)) : values[b]!;
      const o: Op = withNumber ? { op, a, c: y } : { op, a, b };
      candidate = { op: o, value: op === 'add' ? x + y : x * y };
    } else if (op === 'pow') {
      const k = [2, 3, -1, 0.5][index(rng, 4)]!;
      if ((k === -1 && Math.abs(x) > 0.3) || (k === 0.5 && x > 0.1) || k === 2 || k === 3) candidate = { op: { op, a, k }, value: x ** k };
    } else if (op === 'exp') {
      if (x < 2.5) candidate = { op: { op, a }, value: Math.exp(x) };
    } else if (op === 'tanh') {
      if (Math.abs(x) < 3) candidate = { op: { op, a }, value: Math.tanh(x) };
    } else if (Math.abs(x) > 0.01) {
      candidate = { op: { op, a }, value: Math.max(0, x) };
    }
    if (candidate && Number.isFinite(candidate.value) && Math.abs(candidate.value) < 20) {
      ops.push(candidate.op);
      values.push(candidate.value);
    }
  }
  return { leaves, ops, backward: 1 };
}

// ---------------------------------------------------------------------------------------------

export default defineChecks<typeof Starter>({
  checks: [
    check({
      ...sigmoidCheck,
      name: 'examples',
      title: { en: 'The book’s example f(x; w, b) = σ(wx + b), as in the statement', zh: '书中的例子 f(x; w, b) = σ(wx + b)（题目中的示例）' },
      visibility: 'example',
      kind: 'gradient',
      points: 3,
      inputs: [
        { x: 1, w: 0, b: 0, form: 'exp' },
        { x: 1, w: 0, b: 0, form: 'tanh' },
        { x: 2, w: -1, b: 0.5, form: 'exp' },
      ],
    }),
    check({
      ...programCheck,
      name: 'forward',
      title: { en: 'Forward values of add, mul, pow, exp, tanh and relu', zh: 'add、mul、pow、exp、tanh 与 relu 的前向值' },
      points: 2,
      inputs: (rng) => singleOps(rng, 0),
    }),
    check({
      // No central differences here: at ReLU's kink they give ½, the statement fixes relu′(0) = 0.
      call: run,
      expected: evaluate,
      tolerance,
      describe: describeProgram,
      locate: locateProgram,
      name: 'relu-at-zero',
      title: { en: 'relu at its kink: relu′(0) = 0, as the statement fixes', zh: 'relu 在不可导点处：按题目规定 relu′(0) = 0' },
      kind: 'gradient',
      points: 1,
      inputs: [
        { leaves: [0], ops: [{ op: 'relu', a: 0 }], backward: 1 },
        // relu(x − 1.5) at x = 1.5, scaled by 3: the kink reached through another op.
        { leaves: [1.5], ops: [{ op: 'add', a: 0, c: -1.5 }, { op: 'relu', a: 1 }, { op: 'mul', a: 2, c: 3 }], backward: 1 },
      ],
    }),
    check({
      ...programCheck,
      name: 'local-gradients',
      title: { en: 'The local derivative of each op', zh: '每个运算的局部导数' },
      kind: 'gradient',
      points: 3,
      inputs: (rng) => singleOps(rng, 1),
    }),
    check({
      ...sigmoidCheck,
      name: 'sigmoid-graph',
      title: { en: 'σ(wx + b) at random x, w, b', zh: '随机 x、w、b 处的 σ(wx + b)' },
      kind: 'gradient',
      points: 2,
      inputs: (rng) =>
        Array.from({ length: 10 }, (_, i) => ({
          x: rng.uniform(-3, 3),
          w: rng.uniform(-2, 2),
          b: rng.uniform(-2, 2),
          form: i % 2 === 0 ? ('exp' as const) : ('tanh' as const),
        })),
    }),
    check({
      ...programCheck,
      name: 'reused-nodes',
      title: { en: 'Re-used nodes: x·x, x + x, one node feeding two branches', zh: '被重复使用的节点：x·x、x + x、一个节点同时连向两个分支' },
      kind: 'gradient',
      points: 3,
      inputs: reusedNodes,
    }),
    check({
      ...programCheck,
      name: 'backward-semantics',
      title: { en: 'backward() called twice; nodes off the output’s graph', zh: '两次调用 backward()；不在输出计算图中的节点' },
      kind: 'gradient',
      points: 2,
      inputs: semantics,
    }),
    check({
      ...programCheck,
      name: 'random-graphs',
      title: { en: 'Random expression graphs, checked against the reference engine', zh: '随机表达式计算图，与参考引擎对照' },
      kind: 'gradient',
      points: 3,
      inputs: (rng) => Array.from({ length: 16 }, (_, i) => randomProgram(rng, 1 + (i % 4), 8 + 2 * i)),
    }),
    check({
      name: 'deep-chain',
      title: { en: 'A chain 20 000 ops deep (no recursion)', zh: '深度为 20 000 的运算链（不能递归）' },
      kind: 'gradient',
      points: 2,
      call: chain,
      inputs: [{ depth: 20_000, x: 0.5, c: 1.0001, d: 0.001 }],
      expected: chainReference,
      numeric: ({ depth, x, c, d }) => {
        const out = (x0: number) => {
          let v = x0;
          for (let i = 0; i < depth; i++) v = i % 2 === 0 ? v * c : v + d;
          return v;
        };
        return { data: out(x), grad: (out(x + 1e-6) - out(x - 1e-6)) / 2e-6 };
      },
      tolerance: { abs: 1e-10, rel: 1e-8 },
      describe: ({ depth, x, c, d }) => `v = new Value(${x}); then ${depth} ops alternating v = v.mul(${c}) and v = v.add(${d}); v.backward()`,
      locate: (path: Path): Place => ({ label: path[0] === 'grad' ? 'x.grad (∂out/∂x)' : path[0] === 'data' ? 'the output’s data' : 'the answer' }),
    }),
  ],
  mistakes: {
    'relu-prime-at-zero-one': {
      hint: {
        en: 'Your relu passes the gradient on at 0: you use relu′(0) = 1 (this.data >= 0). ReLU has no derivative at its kink; the statement fixes the subgradient relu′(0) = 0, so test this.data > 0.',
        zh: '你的 relu 在 0 处把梯度传了下去：你用的是 relu′(0) = 1（this.data >= 0）。ReLU 在不可导点处没有导数；题目规定次梯度 relu′(0) = 0，所以请判断 this.data > 0。',
      },
    },
    'overwrites-grad': {
      hint: {
        en: 'A node used by more than one op (x·x, or a node feeding two branches) must receive the sum of all its shares: by the multivariate chain rule, ∂out/∂x = Σ over the paths from x. Your backward steps assign (grad = …), so the last share overwrites the others. Accumulate with grad += ….',
        zh: '被多个运算使用的节点（例如 x·x，或同时连向两个分支的节点）必须收到所有分量之和：由多元链式法则，∂out/∂x 是从 x 出发的所有路径之和。你的局部反向步骤用的是赋值（grad = …），后一个分量覆盖了前面的。应使用累加 grad += …。',
      },
    },
    'recursive-topo': {
      hint: {
        en: 'backward() ran out of call stack on a deep chain: a recursive topological sort uses one stack frame per node, and JavaScript gives you roughly ten thousand. Keep your own stack instead (an array of nodes still to visit, with the index of the next parent), so the depth of the graph never becomes the depth of the recursion.',
        zh: 'backward() 在很深的运算链上耗尽了调用栈：递归的拓扑排序每个节点占一个栈帧，而 JavaScript 大约只给你一万个。改为自己维护一个栈（待访问节点的数组，以及下一个要访问的父节点下标），这样计算图的深度就不会变成递归的深度。',
      },
    },
    'forward-order': {
      hint: {
        en: 'You run the backward steps in topological order, from the inputs towards the output. A node may pass on its gradient only after every node that uses it has added its share, so walk the topological order in reverse: the output first, the leaves last.',
        zh: '你按拓扑顺序（从输入到输出）执行局部反向步骤。一个节点只有在所有使用它的节点都把分量加给它之后，才能继续向前传递梯度，所以要按拓扑顺序的逆序执行：先输出，最后是叶子节点。',
      },
    },
    'wrong-tanh-derivative': {
      hint: {
        en: 'tanh′(x) = 1 − tanh²(x): square the output of tanh, not its input. You computed 1 − x².',
        zh: 'tanh′(x) = 1 − tanh²(x)：要平方的是 tanh 的输出，而不是输入。你计算的是 1 − x²。',
      },
    },
    'wrong-pow-derivative': {
      hint: {
        en: 'd/dx xᵏ = k·x^(k−1). In code, ** binds tighter than −, so k * x ** k - 1 means k·xᵏ − 1; write k * x ** (k - 1).',
        zh: 'd/dx xᵏ = k·x^(k−1)。在代码里 ** 的优先级高于 −，所以 k * x ** k - 1 表示 k·xᵏ − 1；应写成 k * x ** (k - 1)。',
      },
    },
    'no-zero-grad': {
      hint: {
        en: 'A second call of backward() added to the gradients of the first, so they doubled. backward() must leave grad = ∂out/∂node however often it is called: set grad = 0 on every node of the graph before seeding the output with 1.',
        zh: '第二次调用 backward() 时梯度累加在第一次的结果上，于是翻了一倍。无论调用多少次，backward() 之后都应有 grad = ∂out/∂node：在把输出的梯度设为 1 之前，先把计算图中每个节点的 grad 清零。',
      },
    },
  },
});
