import { check, defineChecks, examples, tolerances, uniformInputs } from '../../../grader/harness';
import { gelu, geluPrime, geluTanh } from '../../../lib/autodiff/scalar';
import type * as Starter from './starter';

const all = (m: typeof Starter, x: number) => ({ gelu: m.gelu(x), geluPrime: m.geluPrime(x), geluTanh: m.geluTanh(x) });
const reference = (x: number) => ({ gelu: gelu(x), geluPrime: geluPrime(x), geluTanh: geluTanh(x) });
const describe = (x: number) => `x = ${x}`;
const plot = { x: (x: number) => x };
const h = 1e-6;

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      points: 2,
      call: all,
      inputs: [-2, -0.5, 0, 1, 3],
      expected: reference,
      describe,
    }),
    check({
      name: 'gelu',
      title: { en: 'gelu at random x in [−6, 6]', zh: '随机 x ∈ [−6, 6] 处的 gelu' },
      points: 3,
      call: (m, x: number) => m.gelu(x),
      inputs: uniformInputs(40, -6, 6),
      expected: gelu,
      describe,
      plot,
    }),
    check({
      name: 'gelu-prime',
      title: { en: 'geluPrime at random x in [−6, 6]', zh: '随机 x ∈ [−6, 6] 处的 geluPrime' },
      kind: 'gradient',
      points: 3,
      call: (m, x: number) => m.geluPrime(x),
      inputs: uniformInputs(40, -6, 6),
      expected: geluPrime,
      numeric: (x) => (gelu(x + h) - gelu(x - h)) / (2 * h),
      describe,
      plot,
    }),
    check({
      name: 'gelu-tanh',
      title: { en: 'geluTanh at random x in [−6, 6]', zh: '随机 x ∈ [−6, 6] 处的 geluTanh' },
      points: 2,
      call: (m, x: number) => m.geluTanh(x),
      inputs: uniformInputs(40, -6, 6),
      expected: geluTanh,
      describe,
      plot,
    }),
    check({
      // x·Φ(x) is a few 1e-12 here: an erf that rounds erf(x/√2) to −1 too early (x/√2 ≥ 5) shows.
      name: 'left-tail',
      title: { en: 'The far left tail: x = −7.1, where x·Φ(x) ≈ −4·10⁻¹²', zh: '左侧远端：x = −7.1，此处 x·Φ(x) ≈ −4·10⁻¹²' },
      points: 1,
      call: all,
      inputs: [-7.1, -6.8],
      expected: reference,
      describe,
    }),
    check({
      name: 'large-x',
      title: { en: 'All three at very large |x|', zh: '|x| 很大时的三个函数' },
      points: 2,
      call: all,
      inputs: [-1000, -710, -40, 40, 710, 1000],
      expected: reference,
      describe,
    }),
  ],
  mistakes: {
    'cdf-only': {
      hint: {
        en: 'Your geluPrime is Φ(x), the derivative of x·Φ(x) with Φ treated as a constant. The product rule adds x·Φ′(x) = x·φ(x), with φ(x) = exp(−x²/2)/√(2π) the Gaussian density: GELU′(x) = Φ(x) + x·φ(x).',
        zh: '你的 geluPrime 是 Φ(x)，相当于把 Φ 当作常数对 x·Φ(x) 求导。乘积法则还要加上 x·Φ′(x) = x·φ(x)，其中 φ(x) = exp(−x²/2)/√(2π) 是高斯密度函数：GELU′(x) = Φ(x) + x·φ(x)。',
      },
    },
    'erf-without-sqrt2': {
      hint: {
        en: 'You use Φ(x) = ½(1 + erf(x)). erf integrates exp(−t²), a Gaussian with variance ½, so the standard Gaussian CDF needs the input scaled: Φ(x) = ½(1 + erf(x/√2)).',
        zh: '你使用了 Φ(x) = ½(1 + erf(x))。erf 积分的是 exp(−t²)，即方差为 ½ 的高斯函数，所以标准高斯分布的累积分布函数要对输入做缩放：Φ(x) = ½(1 + erf(x/√2))。',
      },
    },
    'tanh-by-exp': {
      hint: {
        en: 'tanh written as (eᵘ − e⁻ᵘ)/(eᵘ + e⁻ᵘ) gives Infinity/Infinity = NaN once |u| passes about 709.8, and u = √(2/π)(x + 0.044715x³) gets there already at |x| ≈ 27. Use Math.tanh, which saturates to ±1.',
        zh: '把 tanh 写成 (eᵘ − e⁻ᵘ)/(eᵘ + e⁻ᵘ)，当 |u| 超过约 709.8 时得到 Infinity/Infinity = NaN，而 u = √(2/π)(x + 0.044715x³) 在 |x| ≈ 27 时就会到达那里。请使用会饱和到 ±1 的 Math.tanh。',
      },
    },
    'approximation-as-exact': {
      hint: {
        en: 'Your gelu is the tanh approximation. It is within about 5e-4 of x·Φ(x) (good enough inside a network) but not the exact value asked for here: compute Φ(x) = ½(1 + erf(x/√2)) with the provided erf.',
        zh: '你的 gelu 用的是 Tanh 近似形式。它与 x·Φ(x) 的差距在约 5e-4 以内（在网络中足够好），但这里要求的是精确值：请用提供的 erf 计算 Φ(x) = ½(1 + erf(x/√2))。',
      },
    },
    'pdf-unnormalised': {
      hint: {
        en: 'Your φ(x) is exp(−x²/2) without the factor 1/√(2π). The Gaussian density is φ(x) = exp(−x²/2)/√(2π); it is the derivative of Φ, so it must integrate to 1.',
        zh: '你的 φ(x) 是 exp(−x²/2)，少了因子 1/√(2π)。高斯密度函数为 φ(x) = exp(−x²/2)/√(2π)；它是 Φ 的导数，积分必须为 1。',
      },
    },
  },
});
