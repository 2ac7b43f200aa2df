import { centralDifference, check, defineChecks, examples, uniformInputs, type JudgeFailure } from '../../../grader/harness';
import { relu, reluPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

const both = (m: typeof Starter, x: number) => ({ relu: m.relu(x), reluPrime: m.reluPrime(x) });
const reference = (x: number) => ({ relu: relu(x), reluPrime: reluPrime(x) });
const tolerance = { abs: 1e-12, rel: 1e-9 };
const describe = (x: number) => `x = ${x}`;
const plot = { x: (x: number) => x };
const show = (v: unknown) => (typeof v === 'number' ? String(v) : v === undefined ? 'undefined' : JSON.stringify(v));

/**
 * At and right next to the kink: relu must be exact, and relu′(0) may be any subgradient in [0, 1];
 * on either side (even 5e-324 away) the derivative is exactly 1 or 0.
 */
function judgeKink(got: unknown, x: number): JudgeFailure | null {
  const g = (got ?? {}) as { relu?: unknown; reluPrime?: unknown };
  const value = relu(x);
  if (typeof g.relu !== 'number' || g.relu !== value) {
    return {
      message: { en: `relu(${x}) should be ${value}, but you returned ${show(g.relu)}.`, zh: `relu(${x}) 应为 ${value}，但你返回了 ${show(g.relu)}。` },
      path: ['relu'],
    };
  }
  const d = g.reluPrime;
  if (x === 0) {
    if (typeof d === 'number' && d >= 0 && d <= 1) return null;
    return {
      message: {
        en: `At x = 0 ReLU has no derivative; any subgradient in [0, 1] is accepted (0 is the usual choice), but you returned ${show(d)}.`,
        zh: `ReLU 在 x = 0 处不可导；[0, 1] 中的任何次梯度都可接受（通常取 0），但你返回了 ${show(d)}。`,
      },
      path: ['reluPrime'],
    };
  }
  const want = reluPrime(x);
  if (d === want) return null;
  return {
    message: {
      en: `At x = ${x}, however close to 0, ReLU is ${x > 0 ? 'the line x, with slope 1' : 'constant 0, with slope 0'}: reluPrime should be ${want}, but you returned ${show(d)}.`,
      zh: `在 x = ${x} 处，无论多么接近 0，ReLU 都${x > 0 ? '是直线 x，斜率为 1' : '恒为 0，斜率为 0'}：reluPrime 应为 ${want}，但你返回了 ${show(d)}。`,
    },
    path: ['reluPrime'],
  };
}

export default defineChecks<typeof Starter>({
  checks: [
    examples({
      points: 2,
      call: both,
      inputs: [-2, -0.5, 0.5, 3],
      expected: reference,
      tolerance,
      describe,
    }),
    check({
      name: 'relu',
      title: { en: 'relu at random x in [−5, 5]', zh: '随机 x ∈ [−5, 5] 处的 relu' },
      points: 2,
      call: (m, x: number) => m.relu(x),
      inputs: uniformInputs(40, -5, 5),
      expected: relu,
      tolerance,
      describe,
      plot,
    }),
    check({
      name: 'relu-prime-right',
      title: { en: 'reluPrime at random x in (0, 5]', zh: '随机 x ∈ (0, 5] 处的 reluPrime' },
      kind: 'gradient',
      points: 2,
      call: (m, x: number) => m.reluPrime(x),
      inputs: uniformInputs(40, 0.01, 5),
      expected: reluPrime,
      numeric: centralDifference(relu),
      tolerance,
      describe,
      plot,
    }),
    check({
      name: 'relu-prime-left',
      title: { en: 'reluPrime at random x in [−5, 0)', zh: '随机 x ∈ [−5, 0) 处的 reluPrime' },
      kind: 'gradient',
      points: 1,
      call: (m, x: number) => m.reluPrime(x),
      inputs: uniformInputs(40, -5, -0.01),
      expected: reluPrime,
      numeric: centralDifference(relu),
      tolerance,
      describe,
      plot,
    }),
    check({
      name: 'large-x',
      title: { en: 'Very large |x|', zh: '很大的 |x|' },
      points: 1,
      call: both,
      inputs: [-1000, -710, -40, 40, 710, 1000],
      expected: reference,
      tolerance,
      describe,
    }),
    check({
      name: 'zero',
      title: { en: 'At the kink x = 0', zh: '不可导点 x = 0 处' },
      kind: 'gradient',
      points: 2,
      call: both,
      inputs: [0],
      judge: judgeKink,
      describe,
    }),
    check({
      name: 'next-to-zero',
      title: { en: 'As close to x = 0 as a double gets', zh: '最接近 x = 0 的浮点数' },
      kind: 'gradient',
      points: 1,
      call: both,
      inputs: [1e-300, -1e-300, 5e-324, -5e-324],
      judge: judgeKink,
      // Used only to match catalogued mistakes: exact, so 1e-300 and 0 count as different answers.
      tolerance: { abs: 0, rel: 1e-9 },
      describe,
    }),
  ],
  mistakes: {
    'prime-returns-value': {
      hint: {
        en: 'Your reluPrime returns max(0, x), the function value. ReLU is the line x for x > 0, so its slope there is 1 whatever x is.',
        zh: '你的 reluPrime 返回的是 max(0, x)，即函数值本身。当 x > 0 时 ReLU 是直线 x，其斜率恒为 1，与 x 的大小无关。',
      },
    },
    'nan-at-zero': {
      hint: {
        en: 'At x = 0 your reluPrime returns NaN (0/0 from a formula like (x/|x| + 1)/2). ReLU has no derivative at 0, but backpropagation still needs a number there: return a subgradient in [0, 1], usually 0.',
        zh: '你的 reluPrime 在 x = 0 处返回 NaN（来自 (x/|x| + 1)/2 之类公式中的 0/0）。ReLU 在 0 处不可导，但反向传播仍需要一个数：返回 [0, 1] 中的一个次梯度，通常取 0。',
      },
    },
    'min-instead-of-max': {
      hint: {
        en: 'Your relu is min(0, x): it keeps the negative part and zeroes the positive one. ReLU(x) = max(0, x) passes positive inputs and blocks negative ones (one-sided inhibition).',
        zh: '你的 relu 是 min(0, x)：保留了负半轴、把正半轴置零。ReLU(x) = max(0, x) 让正的输入通过、挡住负的输入（单侧抑制）。',
      },
    },
  },
});
