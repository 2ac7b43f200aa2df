import { check, defineChecks, examples, grid, tolerances } from '../../../grader/harness';
import { swish, swishBetaPrime, swishPrime } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

type Out = { y: number; dx: number; dbeta: number };
type In = { x: number; beta: number };
type Uniform = { uniform(lo: number, hi: number): number };

const reference = ({ x, beta }: In): Out => ({ y: swish(x, beta), dx: swishPrime(x, beta), dbeta: swishBetaPrime(x, beta) });
const call = (m: typeof Starter, { x, beta }: In) => m.swish(x, beta);
const describe = ({ x, beta }: In) => `x = ${x}, β = ${beta}`;
const plot = { x: (i: In) => i.x };
const h = 1e-6;
/** Random x with one β, so the plot shows a single curve. */
const curve = (beta: number, n = 40, lo = -6, hi = 6) => (rng: Uniform): In[] => Array.from({ length: n }, () => ({ x: rng.uniform(lo, hi), beta }));

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call,
      inputs: [
        { x: -2, beta: 1 },
        { x: 0.5, beta: 2 },
        { x: 1, beta: 0 },
        { x: 3, beta: 1 },
      ],
      expected: reference,
      describe,
    }),
    check({
      name: 'value',
      title: { en: 'y at random x in [−6, 6], β = 1.5', zh: '随机 x ∈ [−6, 6]、β = 1.5 处的 y' },
      points: 2,
      call: (m, { x, beta }: In) => m.swish(x, beta).y,
      inputs: curve(1.5),
      expected: ({ x, beta }) => swish(x, beta),
      describe,
      plot,
    }),
    check({
      name: 'dx',
      title: { en: '∂y/∂x at random x in [−6, 6], β = 1.5', zh: '随机 x ∈ [−6, 6]、β = 1.5 处的 ∂y/∂x' },
      kind: 'gradient',
      points: 2,
      call: (m, { x, beta }: In) => m.swish(x, beta).dx,
      inputs: curve(1.5),
      expected: ({ x, beta }) => swishPrime(x, beta),
      numeric: ({ x, beta }) => (swish(x + h, beta) - swish(x - h, beta)) / (2 * h),
      describe,
      plot,
    }),
    check({
      name: 'dbeta',
      title: { en: '∂y/∂β at random x in [−6, 6], β = 1.5', zh: '随机 x ∈ [−6, 6]、β = 1.5 处的 ∂y/∂β' },
      kind: 'gradient',
      points: 3,
      call: (m, { x, beta }: In) => m.swish(x, beta).dbeta,
      inputs: curve(1.5),
      expected: ({ x, beta }) => swishBetaPrime(x, beta),
      numeric: ({ x, beta }) => (swish(x, beta + h) - swish(x, beta - h)) / (2 * h),
      describe,
      plot,
    }),
    check({
      name: 'random',
      title: { en: 'Random x in [−6, 6] and β in [0, 3]', zh: '随机 x ∈ [−6, 6] 与 β ∈ [0, 3]' },
      points: 2,
      call,
      inputs: (rng) => Array.from({ length: 40 }, () => ({ x: rng.uniform(-6, 6), beta: rng.uniform(0, 3) })),
      expected: reference,
      describe,
    }),
    check({
      name: 'beta-zero',
      title: { en: 'β = 0: the linear function x/2', zh: 'β = 0：线性函数 x/2' },
      points: 1,
      call,
      inputs: curve(0, 10, -4, 4),
      expected: reference,
      describe,
    }),
    check({
      name: 'large-beta',
      title: { en: 'β = 50: close to ReLU', zh: 'β = 50：接近 ReLU' },
      points: 1,
      call,
      inputs: curve(50, 20, -3, 3),
      expected: reference,
      describe,
    }),
    check({
      name: 'large-x',
      title: { en: 'Large |x|: x = ±40 and very negative x', zh: '较大的 |x|：x = ±40 与很小的 x' },
      points: 1,
      call,
      inputs: grid<In>({ x: [-1000, -710, -40, 40], beta: [1, 2] }),
      expected: reference,
      describe,
    }),
    check({
      name: 'overflow',
      title: { en: 'Very large positive βx (exp overflows from ≈ 709.8)', zh: '很大的正 βx（超过约 709.8 时 exp 溢出）' },
      points: 2,
      call,
      inputs: grid<In>({ x: [710, 1000], beta: [1, 2] }),
      expected: reference,
      describe,
    }),
  ],
  mistakes: {
    'dbeta-missing-x': {
      hint: {
        en: 'Your dbeta is x·σ(βx)(1 − σ(βx)): one factor x is missing. y = x·σ(βx); the outer x stays as a factor, and the chain rule through σ(βx) brings a second x from ∂(βx)/∂β. So ∂y/∂β = x²·σ(βx)(1 − σ(βx)).',
        zh: '你的 dbeta 是 x·σ(βx)(1 − σ(βx))：少了一个因子 x。y = x·σ(βx)，外面的 x 保留为因子，而通过 σ(βx) 的链式法则又从 ∂(βx)/∂β 带来第二个 x。所以 ∂y/∂β = x²·σ(βx)(1 − σ(βx))。',
      },
    },
    'dx-missing-beta': {
      hint: {
        en: 'Your dx is σ(βx) + x·σ(βx)(1 − σ(βx)): the chain rule through σ(βx) also gives the factor ∂(βx)/∂x = β. So ∂y/∂x = σ(βx) + βx·σ(βx)(1 − σ(βx)) (the difference shows when β ≠ 1).',
        zh: '你的 dx 是 σ(βx) + x·σ(βx)(1 − σ(βx))：通过 σ(βx) 的链式法则还要乘以 ∂(βx)/∂x = β。所以 ∂y/∂x = σ(βx) + βx·σ(βx)(1 − σ(βx))（β ≠ 1 时才看得出差别）。',
      },
    },
    'dx-sigma-only': {
      hint: {
        en: 'Your dx is σ(βx), as if the gate were a constant. The gate depends on x too, so the product rule adds a second term: ∂y/∂x = σ(βx) + βx·σ(βx)(1 − σ(βx)).',
        zh: '你的 dx 是 σ(βx)，好像门控是常数一样。门控同样依赖于 x，所以乘积法则还会带来第二项：∂y/∂x = σ(βx) + βx·σ(βx)(1 − σ(βx))。',
      },
    },
    'exp-ratio-overflow': {
      hint: {
        en: 'σ(z) written as eᶻ/(1 + eᶻ) is Infinity/Infinity = NaN once z = βx passes about 709.8. Only ever exponentiate a non-positive number: branch on the sign of z.',
        zh: '把 σ(z) 写成 eᶻ/(1 + eᶻ)，当 z = βx 超过约 709.8 时得到 Infinity/Infinity = NaN。只对非正数取指数：按 z 的符号分支。',
      },
    },
  },
});
