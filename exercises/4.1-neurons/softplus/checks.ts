import { check, defineChecks, examples, uniformInputs } from '../../../grader/harness';
import { softplus, softplusPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

const tolerance = { abs: 1e-12, rel: 1e-9 };
/** Relative precision only (abs 1e-300 merely forgives subnormal noise): tiny values must keep their digits. */
const relative = { abs: 1e-300, rel: 1e-9 };
const describe = (x: number) => `x = ${x}`;
const plot = { x: (x: number) => x };
const h = 1e-6;
const large = [-1000, -745, -710, -40, 40, 710, 745, 1000];
const central = (x: number) => (softplus(x + h) - softplus(x - h)) / (2 * h);
/** Both tails at once: σ(x) → 1 and σ(−x) → 0. */
const pair = (m: typeof Starter, x: number) => ({ 'softplusPrime(x)': m.softplusPrime(x), 'softplusPrime(-x)': m.softplusPrime(-x) });
const pairReference = (x: number) => ({ 'softplusPrime(x)': softplusPrime(x), 'softplusPrime(-x)': softplusPrime(-x) });
const describePair = (x: number) => `x = ${x} and x = ${-x}`;

export default defineChecks<typeof Starter>({
  checks: [
    examples({
      points: 2,
      call: (m, x: number) => ({ softplus: m.softplus(x), softplusPrime: m.softplusPrime(x) }),
      inputs: [-2, 0, 1, 5],
      expected: (x) => ({ softplus: softplus(x), softplusPrime: softplusPrime(x) }),
      tolerance,
      describe,
    }),
    check({
      name: 'value',
      title: { en: 'softplus at random x in [−10, 10]', zh: '随机 x ∈ [−10, 10] 处的 softplus' },
      points: 2,
      call: (m, x: number) => m.softplus(x),
      inputs: uniformInputs(40, -10, 10),
      expected: softplus,
      tolerance,
      describe,
      plot,
    }),
    check({
      name: 'derivative',
      title: { en: 'softplusPrime at random x in [−10, 10]', zh: '随机 x ∈ [−10, 10] 处的 softplusPrime' },
      kind: 'gradient',
      points: 2,
      call: (m, x: number) => m.softplusPrime(x),
      inputs: uniformInputs(40, -10, 10),
      expected: softplusPrime,
      numeric: central,
      tolerance,
      describe,
      plot,
    }),
    check({
      name: 'value-large',
      title: { en: 'softplus at very large |x| (exp overflows from x ≈ 709.8)', zh: '|x| 很大时的 softplus（x 超过约 709.8 时 exp 溢出）' },
      points: 2,
      call: (m, x: number) => m.softplus(x),
      inputs: large,
      expected: softplus,
      tolerance: relative,
      describe,
    }),
    check({
      name: 'value-left-tail',
      title: { en: 'softplus far left: tiny values with full relative precision', zh: '左侧远端的 softplus：极小的值也要保持相对精度' },
      points: 1,
      call: (m, x: number) => m.softplus(x),
      inputs: [-20, -30, -50, -100, -600],
      expected: softplus,
      tolerance: relative,
      describe,
    }),
    check({
      name: 'derivative-saturated',
      title: { en: 'softplusPrime at x and −x for x = 20 and 40', zh: 'x = 20、40 时 x 与 −x 处的 softplusPrime' },
      kind: 'gradient',
      points: 1,
      call: pair,
      inputs: [20, 40],
      expected: pairReference,
      numeric: (x) => ({ 'softplusPrime(x)': central(x), 'softplusPrime(-x)': central(-x) }),
      tolerance,
      describe: describePair,
    }),
    check({
      name: 'derivative-overflow',
      title: { en: 'softplusPrime at x and −x for very large x (exp overflows from x ≈ 709.8)', zh: 'x 很大时 x 与 −x 处的 softplusPrime（x 超过约 709.8 时 exp 溢出）' },
      kind: 'gradient',
      points: 2,
      call: pair,
      inputs: [710, 745, 1000],
      expected: pairReference,
      numeric: (x) => ({ 'softplusPrime(x)': central(x), 'softplusPrime(-x)': central(-x) }),
      tolerance,
      describe: describePair,
    }),
  ],
  mistakes: {
    'naive-overflow': {
      hint: {
        en: 'Math.log(1 + Math.exp(x)) breaks at both ends: for x above about 709.8, exp overflows and you return Infinity; far left, 1 + eˣ rounds to 1 and the log loses every digit of the tiny answer. Write softplus(x) = max(x, 0) + log1p(exp(−|x|)).',
        zh: 'Math.log(1 + Math.exp(x)) 在两端都会出问题：x 超过约 709.8 时 exp 溢出，返回 Infinity；在左侧远端，1 + eˣ 被舍入为 1，对数丢掉了这个极小结果的全部有效数字。请写成 softplus(x) = max(x, 0) + log1p(exp(−|x|))。',
      },
    },
    'log1p-overflow': {
      hint: {
        en: 'Math.log1p(Math.exp(x)) is accurate far left but still returns Infinity once exp(x) overflows (x above about 709.8). Use log(1 + eˣ) = x + log(1 + e⁻ˣ) for x > 0, i.e. max(x, 0) + log1p(exp(−|x|)).',
        zh: 'Math.log1p(Math.exp(x)) 在左侧远端是精确的，但 exp(x) 溢出后（x 超过约 709.8）仍返回 Infinity。对 x > 0 使用 log(1 + eˣ) = x + log(1 + e⁻ˣ)，即 max(x, 0) + log1p(exp(−|x|))。',
      },
    },
    'prime-sign-slip': {
      hint: {
        en: 'Your softplusPrime is 1/(1 + eˣ) = σ(−x). The derivative of log(1 + eˣ) is eˣ/(1 + eˣ) = 1/(1 + e⁻ˣ) = σ(x): it rises from 0 to 1, like a smooth step.',
        zh: '你的 softplusPrime 是 1/(1 + eˣ) = σ(−x)。log(1 + eˣ) 的导数是 eˣ/(1 + eˣ) = 1/(1 + e⁻ˣ) = σ(x)：它从 0 增长到 1，像一个平滑的阶跃。',
      },
    },
    'prime-exp-ratio': {
      hint: {
        en: 'σ(x) written as eˣ/(1 + eˣ) is Infinity/Infinity = NaN once x passes about 709.8. Only ever exponentiate a non-positive number: branch on the sign of x.',
        zh: '把 σ(x) 写成 eˣ/(1 + eˣ)，当 x 超过约 709.8 时得到 Infinity/Infinity = NaN。只对非正数取指数：按 x 的符号分支。',
      },
    },
  },
});
