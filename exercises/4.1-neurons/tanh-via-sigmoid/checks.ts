import { check, defineChecks, examples, uniformInputs } from '../../../grader/harness';
import { tanh } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

/**
 * Math.tanh is the reference, so it is switched off while the learner's function runs: the answer
 * has to come through σ. (Restored in `finally`; the call runs synchronously.)
 */
const call = (m: typeof Starter, x: number) => {
  const tanh = Math.tanh;
  Math.tanh = () => {
    throw new Error('Math.tanh is switched off in this exercise: compute tanh through σ, as 2σ(2x) − 1.');
  };
  try {
    return m.tanhViaSigmoid(x);
  } finally {
    Math.tanh = tanh;
  }
};
const tolerance = { abs: 1e-12, rel: 1e-9 };
const describe = (x: number) => `x = ${x}`;

export default defineChecks<typeof Starter>({
  checks: [
    examples({
      points: 2,
      call,
      inputs: [0, 0.5, -1, 2],
      expected: tanh,
      tolerance,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'random',
      title: { en: 'Random x in [−4, 4]', zh: '[−4, 4] 中的随机 x' },
      points: 3,
      call,
      inputs: uniformInputs(40, -4, 4),
      expected: tanh,
      tolerance,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'saturation',
      title: { en: 'Saturated: |x| = 20 and 40', zh: '饱和区：|x| = 20 与 40' },
      points: 1,
      call,
      inputs: [-40, -20, 20, 40],
      expected: tanh,
      tolerance,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'overflow',
      title: { en: 'Very large |x| (exp(2x) overflows from x = 355)', zh: '很大的 |x|（x ≥ 355 时 exp(2x) 溢出）' },
      points: 2,
      call,
      inputs: [-1000, -710, -355, 355, 710, 1000],
      expected: tanh,
      tolerance,
      describe,
    }),
    check({
      name: 'tiny-x',
      title: { en: 'Tiny |x|: full relative precision', zh: '极小的 |x|：保持相对精度' },
      points: 2,
      call,
      inputs: [1e-9, -3e-12, 7.5e-15, -2e-100, 1e-300],
      expected: tanh,
      tolerance: { abs: 0, rel: 1e-9 },
      describe,
    }),
  ],
  mistakes: {
    'sigma-of-x': {
      hint: {
        en: 'Your answers equal 2σ(x) − 1, which is tanh(x/2). The identity scales the input too: tanh(x) = 2σ(2x) − 1.',
        zh: '你的结果等于 2σ(x) − 1，也就是 tanh(x/2)。恒等式中输入也要乘 2：tanh(x) = 2σ(2x) − 1。',
      },
    },
    'exp-ratio-overflow': {
      hint: {
        en: 'σ(z) written as eᶻ/(1 + eᶻ) gives Infinity/Infinity = NaN once z = 2x passes about 709.8, i.e. from x ≈ 355. Only ever exponentiate a non-positive number: branch on the sign of x.',
        zh: '把 σ(z) 写成 eᶻ/(1 + eᶻ)，当 z = 2x 超过约 709.8（即 x ≈ 355 起）时得到 Infinity/Infinity = NaN。只对非正数取指数：按 x 的符号分支。',
      },
    },
    cancellation: {
      hint: {
        en: 'Near x = 0, 2σ(2x) is a number close to 1, and subtracting 1 keeps only its last few correct digits (for x = 1e-12 almost none). Rewrite 2σ(2x) − 1 = (1 − e^{−2x})/(1 + e^{−2x}) and get 1 − e^{−2x} from Math.expm1, which is exact near 0.',
        zh: '在 x = 0 附近，2σ(2x) 非常接近 1，再减去 1 只剩下最后几位有效数字（x = 1e-12 时几乎一位不剩）。把 2σ(2x) − 1 改写为 (1 − e^{−2x})/(1 + e^{−2x})，并用在 0 附近精确的 Math.expm1 计算 1 − e^{−2x}。',
      },
    },
  },
});
