import { check, defineChecks, examples, grid, kinkJudge, tolerances } from '../../../grader/harness';
import { leakyRelu, leakyReluPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

type In = { x: number; gamma: number };
const both = (m: typeof Starter, { x, gamma }: In) => ({ value: m.leakyRelu(x, gamma), derivative: m.leakyReluPrime(x, gamma) });
const reference = ({ x, gamma }: In) => ({ value: leakyRelu(x, gamma), derivative: leakyReluPrime(x, gamma) });
const describe = ({ x, gamma }: In) => `x = ${x}, γ = ${gamma}`;
const plot = { x: (i: In) => i.x };
type Uniform = { uniform(lo: number, hi: number): number };
/** Random x with one γ, so the plot shows a single curve. */
const curve = (gamma: number) => (rng: Uniform): In[] => Array.from({ length: 40 }, () => ({ x: rng.uniform(-5, 5), gamma }));
/** The leaky half only, where every γ gives a different answer. */
const leftHalf = (rng: Uniform): In[] => Array.from({ length: 40 }, () => ({ x: rng.uniform(-5, -0.01), gamma: rng.uniform(0.05, 0.5) }));
const h = 1e-6;

/** Exact away from 0; at x = 0 any slope between the one-sided derivatives γ and 1. */
const judgeKink = kinkJudge<In>({
  names: { value: 'leakyRelu', derivative: 'leakyReluPrime' },
  value: ({ x, gamma }) => leakyRelu(x, gamma),
  derivative: ({ x, gamma }) => leakyReluPrime(x, gamma),
  args: ({ x, gamma }) => `${x}, ${gamma}`,
  kink: ({ x, gamma }) => (x === 0 ? { at: 0, left: gamma, leftName: 'γ', right: 1 } : null),
});

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call: both,
      inputs: [
        { x: -2, gamma: 0.01 },
        { x: -2, gamma: 0.2 },
        { x: 0.5, gamma: 0.1 },
        { x: 3, gamma: 0.01 },
      ],
      expected: reference,
      describe,
    }),
    check({
      name: 'value',
      title: { en: 'leakyRelu at random x in [−5, 5], γ = 0.1', zh: '随机 x ∈ [−5, 5]、γ = 0.1 处的 leakyRelu' },
      points: 2,
      call: (m, { x, gamma }: In) => m.leakyRelu(x, gamma),
      inputs: curve(0.1),
      expected: ({ x, gamma }) => leakyRelu(x, gamma),
      describe,
      plot,
    }),
    check({
      name: 'derivative',
      title: { en: 'leakyReluPrime at random x in [−5, 5], γ = 0.1', zh: '随机 x ∈ [−5, 5]、γ = 0.1 处的 leakyReluPrime' },
      kind: 'gradient',
      points: 2,
      call: (m, { x, gamma }: In) => m.leakyReluPrime(x, gamma),
      inputs: curve(0.1),
      expected: ({ x, gamma }) => leakyReluPrime(x, gamma),
      numeric: ({ x, gamma }) => (leakyRelu(x + h, gamma) - leakyRelu(x - h, gamma)) / (2 * h),
      describe,
      plot,
    }),
    check({
      name: 'left-half',
      title: { en: 'The leaky half: random x < 0 and γ in [0.05, 0.5]', zh: '泄露的一侧：随机 x < 0 与 γ ∈ [0.05, 0.5]' },
      points: 2,
      call: both,
      inputs: leftHalf,
      expected: reference,
      describe,
    }),
    check({
      name: 'large-x',
      title: { en: 'Very large |x|', zh: '很大的 |x|' },
      points: 1,
      call: both,
      inputs: grid<In>({ x: [-1000, -710, -40, 40, 710, 1000], gamma: [0.01, 0.2] }),
      expected: reference,
      describe,
    }),
    check({
      name: 'kink',
      title: { en: 'At and around the kink x = 0', zh: '不可导点 x = 0 处及其附近' },
      kind: 'gradient',
      points: 2,
      call: both,
      inputs: grid<In>({ x: [-0.25, 0, 0.25], gamma: [0.01, 0.1, 0.3] }),
      judge: judgeKink,
      describe,
    }),
  ],
  mistakes: {
    'hardcoded-gamma': {
      hint: {
        en: 'Your answers for x ≤ 0 use γ = 0.01 whatever γ is passed in. The slope of the left half is the argument gamma.',
        zh: '当 x ≤ 0 时，无论传入的 γ 是多少，你的结果都用了 γ = 0.01。左半部分的斜率应是参数 gamma。',
      },
    },
    'prime-gamma-times-x': {
      hint: {
        en: 'For x ≤ 0 your leakyReluPrime returns γx, the function value. The left half is the line γx, whose slope is the constant γ.',
        zh: '当 x ≤ 0 时，你的 leakyReluPrime 返回 γx，即函数值本身。左半部分是直线 γx，其斜率是常数 γ。',
      },
    },
    'prime-zero-left': {
      hint: {
        en: 'For x < 0 your leakyReluPrime returns 0, as ReLU′ does. The whole point of the leak is a non-zero slope γ on the left, so that a neuron with negative input still gets a gradient (no dying ReLU).',
        zh: '当 x < 0 时，你的 leakyReluPrime 像 ReLU′ 一样返回 0。带泄露 ReLU 的意义就在于左侧有非零斜率 γ，使净输入为负的神经元仍能得到梯度（避免死亡 ReLU）。',
      },
    },
  },
});
