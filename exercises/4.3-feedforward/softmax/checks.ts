import { check, defineChecks, examples, type InputRng } from '../../../grader/harness';
import { softmax, tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

const call = (m: typeof Starter, z: number[]) => m.softmax(z);
const expected = (z: number[]) => softmax(tensor(z)).toNested() as number[];
// Probabilities are compared to ~9 significant digits; the tiny absolute part only forgives
// rounding in probabilities that underflow towards 0.
const describe = (z: number[]) => `z = [${z.map((v) => Number(v.toPrecision(6))).join(', ')}]`;

function logits(rng: InputRng, length: number, spread: number): number[] {
  return Array.from({ length }, () => rng.normal(0, spread));
}

/** Integer in [lo, hi] whatever the generator's convention for its upper bound. */
function between(rng: InputRng, lo: number, hi: number): number {
  return Math.min(hi, lo + Math.floor(rng.uniform(0, hi - lo + 1)));
}

export default defineChecks<typeof Starter>({
  tolerance: { abs: 1e-15, rel: 1e-9 },
  checks: [
    examples({
      points: 2,
      call,
      inputs: [
        [1, 2, 3],
        [0, 0],
        [1000, 1001],
      ],
      expected,
      describe,
      argument: 'z',
    }),
    check({
      name: 'random',
      title: { en: 'Random logits, 2 to 12 classes', zh: '随机输入，2 到 12 个类别' },
      points: 3,
      call,
      inputs: (rng) => Array.from({ length: 30 }, () => logits(rng, between(rng, 2, 12), 3)),
      expected,
      describe,
      argument: 'z',
    }),
    check({
      name: 'large-logits',
      title: { en: 'Very large and very negative logits (no overflow, no 0/0)', zh: '非常大和负得很多的输入（不溢出，不出现 0/0）' },
      points: 3,
      call,
      inputs: [
        [1000, 1001],
        [-1000, -1000],
        [1000, 0, -1000],
        [710, 709, 700],
        [-745, -746, -750],
        [800, 795, 790, -50],
        [1e4, -1e4],
        [-1e5, -1e5 + 1, -1e5 + 2],
        [0, 750, 0],
      ],
      expected,
      describe,
      argument: 'z',
    }),
    check({
      name: 'edge-cases',
      title: { en: 'One class, equal logits and many classes', zh: '一个类别、相等的输入与很多类别' },
      points: 2,
      call,
      inputs: (rng) => [
        [7],
        [-1000],
        [2.5, 2.5, 2.5, 2.5],
        logits(rng, 200, 10),
        Array.from({ length: 50 }, (_, i) => 700 + i),
      ],
      expected,
      argument: 'z',
      describe: (z, locale) =>
        z.length > 12
          ? locale === 'zh'
            ? `z 有 ${z.length} 个分量，取值在 [${Math.min(...z).toFixed(2)}, ${Math.max(...z).toFixed(2)}] 内`
            : `z = ${z.length} logits in [${Math.min(...z).toFixed(2)}, ${Math.max(...z).toFixed(2)}]`
          : describe(z),
    }),
  ],
  mistakes: {
    'no-max-shift': {
      hint: {
        en: 'exp(z) overflows to Infinity for z above about 709 (Infinity/Infinity = NaN) and underflows to 0 below about −745 (0/0 = NaN). Subtract max(z) from every logit first: softmax does not change, and every exponent becomes ≤ 0.',
        zh: '当 z 大于约 709 时 exp(z) 溢出为 Infinity（Infinity/Infinity = NaN），小于约 −745 时下溢为 0（0/0 = NaN）。先把每个分量减去 max(z)：Softmax 的值不变，而所有指数都变成 ≤ 0。',
      },
    },
    'divide-by-max': {
      hint: {
        en: 'You divide by the largest exp(z_k), so the top class always gets 1 and the outputs do not sum to 1. Divide by the sum Σ_k exp(z_k) instead.',
        zh: '你除以的是最大的 exp(z_k)，因此得分最高的类别总是 1，输出之和也不为 1。应除以总和 Σ_k exp(z_k)。',
      },
    },
    'exp-only': {
      hint: {
        en: 'Your outputs are exp(z_c): positive, but not probabilities. Divide each one by Σ_k exp(z_k) so that they sum to 1.',
        zh: '你的输出是 exp(z_c)：虽然为正，但不是概率。把每一项除以 Σ_k exp(z_k)，使它们之和为 1。',
      },
    },
    'shift-by-min': {
      hint: {
        en: 'Subtracting min(z) makes every exponent ≥ 0, so logits more than ~709 apart still overflow to Infinity. Subtract max(z) instead: then every exponent is ≤ 0 and the largest term is exactly 1.',
        zh: '减去 min(z) 会让所有指数都 ≥ 0，当分量之间相差超过约 709 时仍会溢出为 Infinity。应减去 max(z)：这样所有指数都 ≤ 0，最大的一项恰好为 1。',
      },
    },
  },
});
