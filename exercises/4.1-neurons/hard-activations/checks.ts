import { centralDifference, check, defineChecks, examples, tolerances, uniformInputs, type JudgeFailure } from '../../../grader/harness';
import { hardLogistic, hardLogisticPrime, hardTanh, hardTanhPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

const describe = (x: number) => `x = ${x}`;
const plot = { x: (x: number) => x };

const all = (m: typeof Starter, x: number) => ({
  hardLogistic: m.hardLogistic(x),
  hardLogisticPrime: m.hardLogisticPrime(x),
  hardTanh: m.hardTanh(x),
  hardTanhPrime: m.hardTanhPrime(x),
});
const reference = (x: number) => ({
  hardLogistic: hardLogistic(x),
  hardLogisticPrime: hardLogisticPrime(x),
  hardTanh: hardTanh(x),
  hardTanhPrime: hardTanhPrime(x),
});
type Uniform = { uniform(lo: number, hi: number): number };
/** n uniform draws in [lo, hi), alternating in sign. */
const signed = (n: number, lo: number, hi: number) => (rng: Uniform) => Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * rng.uniform(lo, hi));

const show = (v: unknown) => (typeof v === 'number' ? String(Number(v.toPrecision(8))) : v === undefined ? 'undefined' : JSON.stringify(v));

/** At a kink the value is exact, and any slope between the two one-sided derivatives is accepted. */
function atKink(name: string, f: (x: number) => number, lo: number, hi: number) {
  return (got: unknown, x: number): JudgeFailure | null => {
    const g = (got ?? {}) as { value?: unknown; derivative?: unknown };
    if (g.value !== f(x)) {
      return {
        message: { en: `${name}(${x}) should be ${f(x)}, but you returned ${show(g.value)}.`, zh: `${name}(${x}) 应为 ${f(x)}，但你返回了 ${show(g.value)}。` },
        path: ['value'],
      };
    }
    const d = g.derivative;
    if (typeof d === 'number' && d >= lo && d <= hi) return null;
    return {
      message: {
        en: `At the kink x = ${x} the one-sided derivatives of ${name} are ${lo} and ${hi}; any value in [${lo}, ${hi}] is accepted, but you returned ${show(d)}.`,
        zh: `在不可导点 x = ${x} 处，${name} 的左右导数分别为 ${lo} 与 ${hi}；[${lo}, ${hi}] 中的任何值都可接受，但你返回了 ${show(d)}。`,
      },
      path: ['derivative'],
    };
  };
}

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call: all,
      inputs: [-3, -0.5, 0, 0.5, 1.5, 3],
      expected: reference,
      describe,
    }),
    check({
      name: 'hard-logistic',
      title: { en: 'hardLogistic at random x in [−4, 4]', zh: '随机 x ∈ [−4, 4] 处的 hardLogistic' },
      points: 2,
      call: (m, x: number) => m.hardLogistic(x),
      inputs: uniformInputs(40, -4, 4),
      expected: hardLogistic,
      describe,
      plot,
    }),
    check({
      name: 'hard-logistic-prime',
      title: { en: 'hardLogisticPrime at random x in [−4, 4]', zh: '随机 x ∈ [−4, 4] 处的 hardLogisticPrime' },
      kind: 'gradient',
      points: 2,
      call: (m, x: number) => m.hardLogisticPrime(x),
      inputs: uniformInputs(40, -4, 4),
      expected: hardLogisticPrime,
      numeric: centralDifference(hardLogistic),
      describe,
      plot,
    }),
    check({
      name: 'hard-tanh',
      title: { en: 'hardTanh at random x in [−3, 3]', zh: '随机 x ∈ [−3, 3] 处的 hardTanh' },
      points: 2,
      call: (m, x: number) => m.hardTanh(x),
      inputs: uniformInputs(40, -3, 3),
      expected: hardTanh,
      describe,
      plot,
    }),
    check({
      name: 'hard-tanh-prime',
      title: { en: 'hardTanhPrime at random x in [−3, 3]', zh: '随机 x ∈ [−3, 3] 处的 hardTanhPrime' },
      kind: 'gradient',
      points: 2,
      call: (m, x: number) => m.hardTanhPrime(x),
      inputs: uniformInputs(40, -3, 3),
      expected: hardTanhPrime,
      numeric: centralDifference(hardTanh),
      describe,
      plot,
    }),
    check({
      name: 'middle',
      title: { en: 'All four on (−1, 1), where both functions are linear', zh: '(−1, 1) 上的四个函数（两个函数都是线性的）' },
      points: 1,
      call: all,
      inputs: uniformInputs(20, -1, 1),
      expected: reference,
      describe,
    }),
    check({
      name: 'clipped',
      title: { en: 'All four where both functions are clipped, up to very large |x|', zh: '两个函数都被截断的区域中的四个函数（直到很大的 |x|）' },
      points: 1,
      call: all,
      inputs: (rng) => [...signed(20, 2.01, 6)(rng), -1000, -710, -40, 40, 710, 1000],
      expected: reference,
      describe,
    }),
    check({
      name: 'tanh-odd',
      title: { en: 'hard-tanh is odd: x < 0 and its mirror image −x', zh: 'hard-tanh 是奇函数：x < 0 及其镜像 −x' },
      points: 1,
      call: (m, x: number) => ({ 'hardTanh(x)': m.hardTanh(x), 'hardTanh(-x)': m.hardTanh(-x), 'hardTanhPrime(x)': m.hardTanhPrime(x) }),
      inputs: uniformInputs(20, -3, -0.01),
      expected: (x) => ({ 'hardTanh(x)': hardTanh(x), 'hardTanh(-x)': hardTanh(-x), 'hardTanhPrime(x)': hardTanhPrime(x) }),
      describe,
    }),
    check({
      name: 'hard-logistic-kinks',
      title: { en: 'hardLogistic at the kinks x = ±2', zh: '不可导点 x = ±2 处的 hardLogistic' },
      kind: 'gradient',
      points: 1,
      call: (m, x: number) => ({ value: m.hardLogistic(x), derivative: m.hardLogisticPrime(x) }),
      inputs: [-2, 2],
      judge: atKink('hardLogistic', hardLogistic, 0, 0.25),
      describe,
    }),
    check({
      name: 'hard-tanh-kinks',
      title: { en: 'hardTanh at the kinks x = ±1', zh: '不可导点 x = ±1 处的 hardTanh' },
      kind: 'gradient',
      points: 1,
      call: (m, x: number) => ({ value: m.hardTanh(x), derivative: m.hardTanhPrime(x) }),
      inputs: [-1, 1],
      judge: atKink('hardTanh', hardTanh, 0, 1),
      describe,
    }),
  ],
  mistakes: {
    'taylor-unclipped': {
      hint: {
        en: 'Your hard-logistic is the bare Taylor line 0.25x + 0.5, which leaves (0, 1) for |x| > 2. Clip it: max(min(0.25x + 0.5, 1), 0); its derivative is 0 where the clip is active.',
        zh: '你的 hard-logistic 只是泰勒展开的直线 0.25x + 0.5，当 |x| > 2 时超出 (0, 1)。需要截断：max(min(0.25x + 0.5, 1), 0)；截断生效的区域导数为 0。',
      },
    },
    'prime-missing-quarter': {
      hint: {
        en: 'Inside (−2, 2) hard-logistic is the line 0.25x + 0.5, so its slope there is 0.25, not 1.',
        zh: '在 (−2, 2) 内 hard-logistic 是直线 0.25x + 0.5，斜率为 0.25 而不是 1。',
      },
    },
    'tanh-clipped-at-zero': {
      hint: {
        en: 'Your hard-tanh clips at 0 from below, like hard-logistic. Hard-tanh is zero-centred: it clips to [−1, 1], max(min(x, 1), −1), with slope 1 on the whole of (−1, 1).',
        zh: '你的 hard-tanh 像 hard-logistic 一样在下方截断于 0。hard-tanh 是零中心化的：截断到 [−1, 1]，即 max(min(x, 1), −1)，在整个 (−1, 1) 上斜率为 1。',
      },
    },
  },
});
