import { check, defineChecks, examples, tolerances, type JudgeFailure } from '../../../grader/harness';
import { argmax, backward, linear, maxout, tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Out = { y: number; k: number; dx: number[] };
type In = { x: number[]; W: number[][]; b: number[] };
type Rng = { uniform(lo: number, hi: number): number; int(lo: number, hi: number): number };

/**
 * The autodiff engine's maxout layer with one unit (W as [K, 1, D], b as [K, 1]); backward gives
 * ∂y/∂x, and the winning piece is the argmax of the net inputs z = Wx + b (the first one at a tie).
 */
function reference({ x, W, b }: In): Out {
  const xt = tensor(x, { requiresGrad: true });
  const y = maxout(xt, tensor(W.map((row) => [row])), tensor(b.map((v) => [v])));
  backward(y);
  const k = argmax(linear(tensor(x), tensor(W), tensor(b)))[0]!;
  return { y: y.item(), k, dx: Array.from(xt.grad!) };
}

const call = (m: typeof Starter, { x, W, b }: In) => m.maxout(x, W, b);
const describe = ({ x, W, b }: In) => `x = ${JSON.stringify(x)}, W = ${JSON.stringify(W)}, b = ${JSON.stringify(b)}`;
const describeRounded = ({ x, W, b }: In) => {
  const r = (v: number) => Number(v.toPrecision(4));
  return describe({ x: x.map(r), W: W.map((row) => row.map(r)), b: b.map(r) });
};
const vec = (rng: Rng, n: number, lo = -2, hi = 2) => Array.from({ length: n }, () => rng.uniform(lo, hi));
const dot = (w: number[], x: number[]) => w.reduce((s, wi, i) => s + wi * x[i]!, 0);

function randomInput(rng: Rng, K = rng.int(2, 7), D = rng.int(1, 6)): In {
  return { x: vec(rng, D), W: Array.from({ length: K }, () => vec(rng, D)), b: vec(rng, K) };
}

/** Every net input z_k ≤ −0.1: the maximum is negative. */
function allNegative(rng: Rng): In {
  const { x, W } = randomInput(rng);
  return { x, W, b: W.map((w) => -Math.abs(dot(w, x)) - rng.uniform(0.1, 2)) };
}

/** Small integers, so the net inputs are exact, with two or more pieces sharing the maximum. */
function tie(rng: Rng): In {
  const K = rng.int(2, 6);
  const D = rng.int(1, 5);
  const ints = (n: number) => Array.from({ length: n }, () => rng.int(-3, 4));
  const x = ints(D);
  const W = Array.from({ length: K }, () => ints(D));
  const top = rng.int(-5, 6);
  const first = rng.int(0, K);
  const second = (first + rng.int(1, K)) % K;
  const b = W.map((w, k) => top - dot(w, x) - (k === first || k === second || rng.int(0, 3) === 0 ? 0 : rng.int(1, 4)));
  return { x, W, b };
}

const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));
const close = (got: unknown, want: number) => typeof got === 'number' && Math.abs(got - want) <= 1e-12 + 1e-9 * Math.abs(want);

/** At a tie every maximal piece is a correct winner; dx must then be that piece's weight vector. */
function judgeTie(got: unknown, { x, W, b }: In): JudgeFailure | null {
  const g = (got ?? {}) as Partial<Record<keyof Out, unknown>>;
  const z = W.map((w, k) => dot(w, x) + b[k]!);
  const top = Math.max(...z);
  const winners = z.flatMap((zk, k) => (zk === top ? [k] : []));
  if (!close(g.y, top)) {
    return { message: { en: `The net inputs are z = ${show(z)}, so y should be ${top}, but you returned ${show(g.y)}.`, zh: `净输入为 z = ${show(z)}，所以 y 应为 ${top}，但你返回了 ${show(g.y)}。` }, path: ['y'] };
  }
  if (typeof g.k !== 'number' || !winners.includes(g.k)) {
    return {
      message: {
        en: `The net inputs are z = ${show(z)}: pieces ${winners.join(' and ')} tie for the maximum, and any of them is a correct k, but you returned k = ${show(g.k)}.`,
        zh: `净输入为 z = ${show(z)}：第 ${winners.join('、')} 个分段并列最大，任何一个都是正确的 k，但你返回了 k = ${show(g.k)}。`,
      },
      path: ['k'],
    };
  }
  const want = W[g.k]!;
  const dx = g.dx;
  if (!Array.isArray(dx) || dx.length !== want.length || !dx.every((v, i) => close(v, want[i]!))) {
    return {
      message: {
        en: `You chose piece k = ${g.k}, so dx should be its weight vector W[${g.k}] = ${show(want)}, but you returned ${show(dx)}.`,
        zh: `你选择了分段 k = ${g.k}，所以 dx 应为它的权重向量 W[${g.k}] = ${show(want)}，但你返回了 ${show(dx)}。`,
      },
      path: ['dx'],
    };
  }
  return null;
}

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call,
      inputs: [
        { x: [2, 1], W: [[1, 0], [0, 1], [-1, -1]], b: [0, 0.5, -1] },
        { x: [-1, 1], W: [[1, 0], [0, 1], [-1, -1]], b: [0, 0.5, -1] },
        { x: [-2, -3], W: [[1, 0], [0, 1], [-1, -1]], b: [0, 0.5, -1] },
      ],
      expected: reference,
      describe,
    }),
    check({
      name: 'random',
      title: { en: 'Random x, W and b (K from 2 to 6 pieces, D from 1 to 5 inputs)', zh: '随机的 x、W 与 b（K 为 2 到 6 个分段，D 为 1 到 5 维输入）' },
      points: 4,
      call,
      inputs: (rng) => Array.from({ length: 40 }, () => randomInput(rng)),
      expected: reference,
      describe: describeRounded,
    }),
    check({
      name: 'dx-new-array',
      title: { en: 'dx is a new array: changing W afterwards does not change it', zh: 'dx 是新数组：之后修改 W 不会改变它' },
      points: 1,
      // A gradient that is the row W[k] itself changes when the caller updates W (a training step),
      // and an in-place update of dx would corrupt W. On the caller's own copy of W.
      call: (m, { x, W, b }: In) => {
        const own = W.map((row) => row.slice());
        const r = m.maxout(x, own, b);
        for (const row of own) row.fill(0);
        return r;
      },
      inputs: (rng) => Array.from({ length: 3 }, () => randomInput(rng)),
      expected: reference,
      describe: describeRounded,
    }),
    check({
      name: 'all-negative',
      title: { en: 'Every net input negative', zh: '所有净输入都为负' },
      points: 2,
      call,
      inputs: (rng) => Array.from({ length: 20 }, () => allNegative(rng)),
      expected: reference,
      describe: describeRounded,
    }),
    check({
      name: 'single-piece',
      title: { en: 'K = 1: a single linear piece', zh: 'K = 1：只有一个线性分段' },
      points: 1,
      call,
      inputs: (rng) => Array.from({ length: 10 }, () => randomInput(rng, 1)),
      expected: reference,
      describe: describeRounded,
    }),
    check({
      name: 'large-values',
      title: { en: 'Inputs in the thousands', zh: '输入达到数千' },
      points: 1,
      call,
      inputs: (rng) =>
        Array.from({ length: 10 }, () => {
          const { x, W, b } = randomInput(rng);
          return { x: x.map((v) => v * 500), W, b: b.map((v) => v * 500) };
        }),
      expected: reference,
      describe: describeRounded,
    }),
    check({
      name: 'ties',
      title: { en: 'Two or more pieces tie for the maximum', zh: '两个或更多分段并列最大' },
      kind: 'gradient',
      points: 2,
      call,
      inputs: (rng) => Array.from({ length: 12 }, () => tie(rng)),
      judge: judgeTie,
      describe,
    }),
  ],
  mistakes: {
    'forgets-bias': {
      hint: {
        en: 'Your net inputs leave out the bias: each piece is z_k = w_kᵀx + b_k, and b_k can change both the maximum and which piece wins.',
        zh: '你的净输入漏掉了偏置：每个分段是 z_k = w_kᵀx + b_k，b_k 既会改变最大值，也会改变哪个分段胜出。',
      },
    },
    'grad-is-x': {
      hint: {
        en: 'Your dx is x itself. That is ∂z_k/∂w_k, the gradient for the weights. With respect to the input, ∂(w_kᵀx + b_k)/∂x = w_k: dx is the winning piece’s weight vector W[k].',
        zh: '你的 dx 就是 x 本身。那是 ∂z_k/∂w_k，即关于权重的梯度。关于输入，∂(w_kᵀx + b_k)/∂x = w_k：dx 应是胜出分段的权重向量 W[k]。',
      },
    },
    'zero-initial-max': {
      hint: {
        en: 'Your running maximum starts at 0, so when every net input is negative you return 0 and a piece that never won. Start from the first piece (or −Infinity): the maximum of negative numbers is negative.',
        zh: '你的最大值初始为 0，所以当所有净输入都为负时，你返回了 0 和一个从未胜出的分段。请从第一个分段（或 −Infinity）开始：负数的最大值仍是负数。',
      },
    },
    'grad-sums-pieces': {
      hint: {
        en: 'Your dx adds up the weight vectors of all pieces. max passes the gradient only to the piece that won (like ReLU, which is max(0, x)): dx = W[k] for the winning k, and the other pieces get nothing from this example.',
        zh: '你的 dx 把所有分段的权重向量加了起来。max 只把梯度传给胜出的分段（和 ReLU = max(0, x) 一样）：对胜出的 k，dx = W[k]，其他分段在这个样本上得不到梯度。',
      },
    },
  },
});
