import { check, defineChecks, examples, tolerances, uniformInputs } from '../../../grader/harness';
import { tanhPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

const call = (m: typeof Starter, x: number) => m.tanhPrime(x);
const describe = (x: number) => `x = ${x}`;

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call,
      inputs: [0, 0.5, -1, 2],
      expected: tanhPrime,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'random',
      title: { en: 'Random x in [−5, 5]', zh: '[−5, 5] 中的随机 x' },
      points: 4,
      call,
      inputs: uniformInputs(40, -5, 5),
      expected: tanhPrime,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'saturation',
      title: { en: 'Saturated tanh: |x| from 10 to 40', zh: '饱和区：|x| 从 10 到 40' },
      points: 2,
      call,
      inputs: [-40, -20, -10, 10, 20, 40],
      expected: tanhPrime,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'overflow',
      title: { en: 'Very large |x| (exp overflows)', zh: '很大的 |x|（exp 会溢出）' },
      points: 2,
      call,
      inputs: [-1000, -745, -710, 710, 745, 1000],
      expected: tanhPrime,
      describe,
    }),
  ],
  mistakes: {
    'one-minus-tanh': {
      hint: {
        en: 'Your answers equal 1 − tanh(x). The derivative squares tanh: 1 − tanh²(x), which is even (the same at x and −x) and never above 1.',
        zh: '你的结果等于 1 − tanh(x)。导数中 tanh 要平方：1 − tanh²(x)，它是偶函数（x 与 −x 处相同），且不超过 1。',
      },
    },
    'sigmoid-pattern': {
      hint: {
        en: 'Your answers equal tanh(x)(1 − tanh(x)), the pattern of σ′ = σ(1 − σ). For tanh the derivative is 1 − tanh²(x) = (1 − tanh x)(1 + tanh x); at x = 0 it is 1, not 0.',
        zh: '你的结果等于 tanh(x)(1 − tanh(x))，这是照搬了 σ′ = σ(1 − σ) 的形式。tanh 的导数是 1 − tanh²(x) = (1 − tanh x)(1 + tanh x)；在 x = 0 处为 1 而不是 0。',
      },
    },
    'tanh-by-exp': {
      hint: {
        en: 'tanh written as (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ) gives Infinity/Infinity = NaN once |x| passes about 709.8, because exp overflows. Use Math.tanh, which saturates to ±1, or a form that only exponentiates −2|x|.',
        zh: '把 tanh 写成 (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)，当 |x| 超过约 709.8 时 exp 溢出，得到 Infinity/Infinity = NaN。请使用会饱和到 ±1 的 Math.tanh，或只对 −2|x| 取指数的写法。',
      },
    },
  },
});
