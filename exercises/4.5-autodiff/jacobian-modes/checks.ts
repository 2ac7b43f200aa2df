import { check, defineChecks, examples, tolerances, type InputRng, type JudgeFailure } from '../../../grader/harness';
import { add, exp, index, jacobianReverse, matmul, mul, softmax, stack, sub, tanh, tensor, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type FnName = 'example' | 'linear' | 'layer' | 'softmax';

interface Input {
  /** what the sandbox call runs: one of the two functions, both, or both counting their passes */
  what: 'both' | 'forward' | 'reverse' | 'passes';
  fn: FnName;
  x: number[];
  /** linear: f(x) = Wx; layer: f(x) = tanh(Wx + b) */
  W?: number[][];
  b?: number[];
}

// ---------------------------------------------------------------------------------------------
// What runs in the sandbox (self-contained). f is handed to the learner only through its passes:
// J(x) is computed in closed form on every pass from the x the learner passes, and never handed out,
// so the only way to the Jacobian is to multiply it by seed vectors. Each pass is counted.

const call = (m: typeof Starter, i: Input) => {
  const n = i.x.length;
  const outputs = i.fn === 'example' ? 3 : i.fn === 'softmax' ? n : i.W!.length;
  const jac = (x: number[]): number[][] => {
    if (i.fn === 'example') return [[x[1]!, x[0]!], [Math.exp(x[0]!), 0], [1, -3]];
    if (i.fn === 'softmax') {
      const top = Math.max(...x);
      const e = x.map((v) => Math.exp(v - top));
      const total = e.reduce((s, v) => s + v, 0);
      const p = e.map((v) => v / total);
      return p.map((pr, r) => p.map((pc, c) => (r === c ? pr : 0) - pr * pc));
    }
    const W = i.W!;
    if (i.fn === 'linear') return W.map((row) => row.slice());
    return W.map((row, r) => {
      const a = Math.tanh(row.reduce((s, w, c) => s + w * x[c]!, i.b![r]!));
      return row.map((w) => (1 - a * a) * w);
    });
  };
  const need = (pass: string, name: string, v: unknown, length: number) => {
    if (!Array.isArray(v) || v.length !== length || v.some((t) => typeof t !== 'number')) {
      throw new Error(`${pass}: ${name} must be an array of ${length} numbers, got ${JSON.stringify(v)}`);
    }
  };
  const passes = { jvp: 0, vjp: 0 };
  const f = {
    n,
    m: outputs,
    jvp(x: number[], v: number[]): number[] {
      passes.jvp++;
      need('f.jvp(x, v)', 'x', x, n);
      need('f.jvp(x, v)', 'v', v, n);
      return jac(x).map((row) => row.reduce((s, w, c) => s + w * v[c]!, 0));
    },
    vjp(x: number[], u: number[]): number[] {
      passes.vjp++;
      need('f.vjp(x, u)', 'x', x, n);
      need('f.vjp(x, u)', 'u', u, outputs);
      const J = jac(x);
      return Array.from({ length: n }, (_, c) => J.reduce((s, row, r) => s + row[c]! * u[r]!, 0));
    },
  };
  if (i.what === 'forward') return m.jacobianForward(f, i.x);
  if (i.what === 'reverse') return m.jacobianReverse(f, i.x);
  if (i.what === 'both') return { forward: m.jacobianForward(f, i.x), reverse: m.jacobianReverse(f, i.x) };
  m.jacobianForward(f, i.x);
  const forward = { ...passes };
  passes.jvp = 0;
  passes.vjp = 0;
  m.jacobianReverse(f, i.x);
  return { forward, reverse: { ...passes } };
};

// ---------------------------------------------------------------------------------------------
// The reference: the same functions in the engine, differentiated by its own reverse mode.

function engineFn(i: Input): (t: Tensor) => Tensor {
  switch (i.fn) {
    case 'example':
      return (t) => stack([mul(index(t, 0), index(t, 1)), exp(index(t, 0)), sub(index(t, 0), mul(index(t, 1), 3))]);
    case 'linear':
      return (t) => matmul(tensor(i.W!), t);
    case 'layer':
      return (t) => tanh(add(matmul(tensor(i.W!), t), tensor(i.b!)));
    case 'softmax':
      return (t) => softmax(t);
  }
}

const jacobian = (i: Input) => jacobianReverse(engineFn(i), tensor(i.x)).jacobian.toNested() as number[][];
const outputsOf = (i: Input) => (i.fn === 'example' ? 3 : i.fn === 'softmax' ? i.x.length : i.W!.length);

const expected = (i: Input) => (i.what === 'both' ? { forward: jacobian(i), reverse: jacobian(i) } : jacobian(i));

const fmt = (v: number) => String(Number(v.toPrecision(4)));
const vec = (v: number[]) => `(${v.map(fmt).join(', ')})`;
function describe(i: Input): string {
  const n = i.x.length;
  const m = outputsOf(i);
  const at = `at x = ${vec(i.x)}`;
  if (i.fn === 'example') return `f(x) = (x₁x₂, exp x₁, x₁ − 3x₂), ${at}`;
  if (i.fn === 'softmax') return `f(x) = softmax(x), R${n} → R${m}, ${at}`;
  return `f(x) = ${i.fn === 'linear' ? 'Wx' : 'tanh(Wx + b)'} with W ${m}×${n}, ${at}`;
}

function judgePasses(got: unknown, i: Input): JudgeFailure | null {
  const n = i.x.length;
  const m = outputsOf(i);
  const counts = got as { forward?: { jvp?: unknown; vjp?: unknown }; reverse?: { jvp?: unknown; vjp?: unknown } };
  const f = counts?.forward;
  const r = counts?.reverse;
  if (f?.jvp !== n || f?.vjp !== 0) {
    return {
      path: ['forward'],
      message: {
        en: `For f: R^${n} → R^${m}, jacobianForward made ${String(f?.jvp)} forward pass(es) (f.jvp) and ${String(f?.vjp)} reverse pass(es) (f.vjp). Forward mode needs exactly n = ${n} forward passes and no reverse pass: J·eⱼ is column j.`,
        zh: `对 f: R^${n} → R^${m}，jacobianForward 进行了 ${String(f?.jvp)} 遍前向计算（f.jvp）和 ${String(f?.vjp)} 遍反向计算（f.vjp）。前向模式恰好需要 n = ${n} 遍前向计算，不需要反向计算：J·eⱼ 就是第 j 列。`,
      },
    };
  }
  if (r?.vjp !== m || r?.jvp !== 0) {
    return {
      path: ['reverse'],
      message: {
        en: `For f: R^${n} → R^${m}, jacobianReverse made ${String(r?.vjp)} reverse pass(es) (f.vjp) and ${String(r?.jvp)} forward pass(es) (f.jvp). Reverse mode needs exactly m = ${m} reverse passes and no forward pass: Jᵀ·eᵢ is row i.`,
        zh: `对 f: R^${n} → R^${m}，jacobianReverse 进行了 ${String(r?.vjp)} 遍反向计算（f.vjp）和 ${String(r?.jvp)} 遍前向计算（f.jvp）。反向模式恰好需要 m = ${m} 遍反向计算，不需要前向计算：Jᵀ·eᵢ 就是第 i 行。`,
      },
    };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Inputs: non-square Jacobians both ways (a swapped n and m or a transposed J shows), one row
// (a gradient), one column, and the square softmax Jacobian.

const matrix = (rng: InputRng, rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal(0, 1)));
const vector = (rng: InputRng, length: number) => Array.from({ length }, () => rng.uniform(-1.5, 1.5));

function functions(rng: InputRng): Omit<Input, 'what'>[] {
  return [
    { fn: 'example', x: vector(rng, 2) },
    { fn: 'linear', x: vector(rng, 4), W: matrix(rng, 2, 4) },
    { fn: 'linear', x: vector(rng, 1), W: matrix(rng, 4, 1) },
    { fn: 'linear', x: vector(rng, 3), W: matrix(rng, 1, 3) },
    { fn: 'layer', x: vector(rng, 5), W: matrix(rng, 3, 5), b: vector(rng, 3) },
    { fn: 'layer', x: vector(rng, 2), W: matrix(rng, 5, 2), b: vector(rng, 5) },
    { fn: 'softmax', x: vector(rng, 4) },
  ];
}

const common = { call, describe };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.linearAlgebra,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [
        { what: 'both', fn: 'example', x: [1, 2] },
        { what: 'both', fn: 'linear', x: [0.5, -1, 2], W: [[2, -1, 4]] },
      ] as Input[],
      expected,
    }),
    check({
      ...common,
      name: 'forward-columns',
      title: { en: 'jacobianForward: Jacobians of several shapes, column by column', zh: 'jacobianForward：多种形状的雅可比矩阵，逐列构造' },
      points: 3,
      inputs: (rng) => functions(rng).map((f) => ({ ...f, what: 'forward' }) as Input),
      expected,
    }),
    check({
      ...common,
      name: 'reverse-rows',
      title: { en: 'jacobianReverse: Jacobians of several shapes, row by row', zh: 'jacobianReverse：多种形状的雅可比矩阵，逐行构造' },
      points: 3,
      inputs: (rng) => functions(rng).map((f) => ({ ...f, what: 'reverse' }) as Input),
      expected,
    }),
    check({
      ...common,
      name: 'passes',
      title: { en: 'The cost: n forward passes, m reverse passes', zh: '计算量：n 遍前向计算，m 遍反向计算' },
      kind: 'property',
      points: 2,
      inputs: (rng) => functions(rng).map((f) => ({ ...f, what: 'passes' }) as Input),
      judge: judgePasses,
    }),
  ],
  mistakes: {
    'forward-rows': {
      hint: {
        en: 'Your jacobianForward stores each forward pass as a row, so it returns Jᵀ (n rows of m numbers). One forward pass J·eⱼ gives ∂f/∂xⱼ, how every output moves with input j: that is column j of J, with one entry per output.',
        zh: '你的 jacobianForward 把每遍前向计算的结果存成了一行，所以返回的是 Jᵀ（n 行，每行 m 个数）。一遍前向计算 J·eⱼ 给出 ∂f/∂xⱼ，即所有输出随第 j 个输入的变化：它是 J 的第 j 列，每个输出对应一个元素。',
      },
    },
    'reverse-columns': {
      hint: {
        en: 'Your jacobianReverse stores each reverse pass as a column, so it returns Jᵀ (n rows of m numbers). One reverse pass Jᵀ·eᵢ gives ∇fᵢ, how output i moves with every input: that is row i of J, with one entry per input.',
        zh: '你的 jacobianReverse 把每遍反向计算的结果存成了一列，所以返回的是 Jᵀ（n 行，每行 m 个数）。一遍反向计算 Jᵀ·eᵢ 给出 ∇fᵢ，即第 i 个输出随所有输入的变化：它是 J 的第 i 行，每个输入对应一个元素。',
      },
    },
    'seed-not-reset': {
      hint: {
        en: 'Your seed vector keeps the 1s of the earlier passes: the pass for column j is seeded with e₁ + … + eⱼ, so it returns the sum of the first j columns. Start every pass from a fresh unit vector eⱼ (zeros and one 1).',
        zh: '你的种子向量保留了之前各遍计算中的 1：第 j 列那一遍的种子是 e₁ + … + eⱼ，所以得到的是前 j 列之和。每一遍都要从一个新的单位向量 eⱼ（全 0，只有一个 1）开始。',
      },
    },
    'reverse-by-forward': {
      hint: {
        en: 'Your jacobianReverse gets the right matrix with forward passes (f.jvp), one per input. Reverse mode is one reverse pass (f.vjp) per output: Jᵀ·eᵢ is row i. For a loss, with m = 1 and millions of inputs, that is the difference between one pass and millions.',
        zh: '你的 jacobianReverse 用前向计算（f.jvp）得到了正确的矩阵，每个输入一遍。反向模式是每个输出一遍反向计算（f.vjp）：Jᵀ·eᵢ 就是第 i 行。对于损失函数，m = 1 而输入有数百万个，这就是一遍与数百万遍的差别。',
      },
    },
  },
});
