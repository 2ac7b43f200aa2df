import { check, defineChecks, examples, grid, kinkJudge, tolerances } from '../../../grader/harness';
import { elu, eluPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

type In = { x: number; gamma: number };
type Uniform = { uniform(lo: number, hi: number): number };
const both = (m: typeof Starter, { x, gamma }: In) => ({ value: m.elu(x, gamma), derivative: m.eluPrime(x, gamma) });
const reference = ({ x, gamma }: In) => ({ value: elu(x, gamma), derivative: eluPrime(x, gamma) });
const describe = ({ x, gamma }: In) => `x = ${x}, γ = ${gamma}`;
const plot = { x: (i: In) => i.x };
const h = 1e-6;
/** Random x with one γ, so the plot shows a single curve. */
const curve = (gamma: number) => (rng: Uniform): In[] => Array.from({ length: 40 }, () => ({ x: rng.uniform(-5, 5), gamma }));

/** Exact away from 0; at x = 0 the derivative may be anything between γe⁰ = γ and 1. */
const judgeKink = kinkJudge<In>({
  names: { value: 'elu', derivative: 'eluPrime' },
  value: ({ x, gamma }) => elu(x, gamma),
  derivative: ({ x, gamma }) => eluPrime(x, gamma),
  args: ({ x, gamma }) => `${x}, ${gamma}`,
  kink: ({ x, gamma }) => (x === 0 ? { at: 0, left: gamma, leftName: 'γe⁰', right: 1 } : null),
});

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call: both,
      inputs: [
        { x: -2, gamma: 1 },
        { x: -0.5, gamma: 1.5 },
        { x: 0.5, gamma: 1 },
        { x: 3, gamma: 0.5 },
      ],
      expected: reference,
      describe,
    }),
    check({
      name: 'value',
      title: { en: 'elu at random x in [−5, 5], γ = 1.5', zh: '随机 x ∈ [−5, 5]、γ = 1.5 处的 elu' },
      points: 2,
      call: (m, { x, gamma }: In) => m.elu(x, gamma),
      inputs: curve(1.5),
      expected: ({ x, gamma }) => elu(x, gamma),
      describe,
      plot,
    }),
    check({
      name: 'derivative',
      title: { en: 'eluPrime at random x in [−5, 5], γ = 1.5', zh: '随机 x ∈ [−5, 5]、γ = 1.5 处的 eluPrime' },
      kind: 'gradient',
      points: 3,
      call: (m, { x, gamma }: In) => m.eluPrime(x, gamma),
      inputs: curve(1.5),
      expected: ({ x, gamma }) => eluPrime(x, gamma),
      numeric: ({ x, gamma }) => (elu(x + h, gamma) - elu(x - h, gamma)) / (2 * h),
      describe,
      plot,
    }),
    check({
      name: 'left-half',
      title: { en: 'The exponential half: random x < 0 and γ in [0.2, 2]', zh: '指数的一侧：随机 x < 0 与 γ ∈ [0.2, 2]' },
      points: 2,
      call: both,
      inputs: (rng) => Array.from({ length: 40 }, () => ({ x: rng.uniform(-5, -0.01), gamma: rng.uniform(0.2, 2) })),
      expected: reference,
      describe,
    }),
    check({
      name: 'large-x',
      title: { en: 'Large |x|: x = ±40 and very negative x', zh: '较大的 |x|：x = ±40 与很小的 x' },
      points: 1,
      call: both,
      inputs: grid<In>({ x: [-1000, -710, -40, 40], gamma: [1, 1.5] }),
      expected: reference,
      describe,
    }),
    check({
      name: 'overflow',
      title: { en: 'Very large positive x (exp overflows from x ≈ 709.8)', zh: '很大的正 x（x 超过约 709.8 时 exp 溢出）' },
      points: 2,
      call: both,
      inputs: grid<In>({ x: [710, 745, 1000], gamma: [1, 1.5] }),
      expected: reference,
      describe,
    }),
    check({
      name: 'kink',
      title: { en: 'At and around x = 0', zh: 'x = 0 处及其附近' },
      kind: 'gradient',
      points: 2,
      call: both,
      inputs: grid<In>({ x: [-0.25, 0, 0.25], gamma: [0.5, 1, 2] }),
      judge: judgeKink,
      describe,
    }),
  ],
  mistakes: {
    'prime-returns-value': {
      hint: {
        en: 'For x ≤ 0 your eluPrime returns γ(eˣ − 1), the function value. Differentiating γ(eˣ − 1) drops the constant: the derivative is γeˣ.',
        zh: '当 x ≤ 0 时你的 eluPrime 返回 γ(eˣ − 1)，即函数值本身。对 γ(eˣ − 1) 求导时常数项消失：导数为 γeˣ。',
      },
    },
    'prime-missing-gamma': {
      hint: {
        en: 'For x ≤ 0 your eluPrime returns eˣ. The factor γ stays in the derivative: d/dx γ(eˣ − 1) = γeˣ (you only see the difference when γ ≠ 1).',
        zh: '当 x ≤ 0 时你的 eluPrime 返回 eˣ。导数中要保留系数 γ：d/dx γ(eˣ − 1) = γeˣ（只有 γ ≠ 1 时才看得出差别）。',
      },
    },
    'mask-overflow': {
      hint: {
        en: 'You combine both branches with 0/1 masks, (x > 0)·x + (x ≤ 0)·γ(eˣ − 1). For x above about 709.8, eˣ is Infinity and 0·Infinity is NaN. Evaluate only the branch you need.',
        zh: '你用 0/1 掩码把两个分支组合起来：(x > 0)·x + (x ≤ 0)·γ(eˣ − 1)。当 x 超过约 709.8 时 eˣ 为 Infinity，而 0·Infinity 是 NaN。只计算需要的那个分支。',
      },
    },
    'value-missing-minus-one': {
      hint: {
        en: 'For x ≤ 0 your elu returns γeˣ, which jumps from γ to 0 at x = 0. The −1 in γ(eˣ − 1) makes ELU continuous, and it is what pulls the output towards −γ for very negative x, so that the mean activation is near 0.',
        zh: '当 x ≤ 0 时你的 elu 返回 γeˣ，它在 x = 0 处从 γ 跳到 0。γ(eˣ − 1) 中的 −1 使 ELU 连续，并使输出在 x 很小时趋于 −γ，从而让平均活性值接近 0。',
      },
    },
  },
});
