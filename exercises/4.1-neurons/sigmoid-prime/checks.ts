import { check, defineChecks, examples, tolerances, uniformInputs } from '../../../grader/harness';
import { sigmoidPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

const call = (m: typeof Starter, x: number) => m.sigmoidPrime(x);
const describe = (x: number) => `x = ${x}`;

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call,
      inputs: [0, 1, -2],
      expected: sigmoidPrime,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'random',
      title: { en: 'Random x in [−8, 8]', zh: '[−8, 8] 中的随机 x' },
      points: 4,
      call,
      inputs: uniformInputs(40, -8, 8),
      expected: sigmoidPrime,
      describe,
      plot: { x: (x) => x },
    }),
    check({
      name: 'large-x',
      title: { en: 'Very large |x| (no overflow)', zh: '很大的 |x|（不溢出）' },
      points: 4,
      call,
      inputs: [-1000, -745, -710, -40, 40, 710, 745, 1000],
      expected: sigmoidPrime,
      describe,
    }),
  ],
  mistakes: {
    'returns-sigma': {
      hint: {
        en: 'Your answers are σ(x), the function itself. The derivative is σ(x)(1 − σ(x)).',
        zh: '你的结果是 σ(x) 本身。导数应为 σ(x)(1 − σ(x))。',
      },
    },
    'sigma-squared': {
      hint: {
        en: 'Your answers equal σ(x)·σ(x). The second factor should be 1 − σ(x), the probability of the other class.',
        zh: '你的结果等于 σ(x)·σ(x)。第二个因子应为 1 − σ(x)。',
      },
    },
    overflow: {
      hint: {
        en: 'For very negative x, exp(−x) overflows to Infinity and Infinity/Infinity is NaN. Compute σ from exp of a non-positive number (branch on the sign of x), then use σ(1 − σ).',
        zh: '当 x 很小（负得很多）时，exp(−x) 溢出为 Infinity，Infinity/Infinity 得到 NaN。按 x 的符号分支，只对非正数取 exp 来计算 σ，再用 σ(1 − σ)。',
      },
    },
  },
});
