import { check, defineChecks, examples, type InputRng, type JudgeFailure, type Path } from '../../../grader/harness';
import { elementwise, exp, log, mul, scalar, valueAndGrad, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type FunctionName = 'exp' | 'sin' | 'log' | 'cube';
interface Input {
  fName: FunctionName;
  x: number;
  deltas: number[];
}
type Answer = { forward: number[]; central: number[] };

const call = (m: typeof Starter, i: Input) => m.differenceErrors(i.fName, i.x, i.deltas);

// ---------------------------------------------------------------------------------------------
// The reference: f′(x) from the reference engine's backward pass; the differences in plain
// floating point, exactly as the statement writes them.

const TENSOR_FNS: Record<FunctionName, (t: Tensor) => Tensor> = {
  exp: (t) => exp(t),
  sin: (t) => elementwise(t, 'sin', Math.sin, Math.cos),
  log: (t) => log(t),
  cube: (t) => mul(mul(t, t), t),
};
const PLAIN_FNS: Record<FunctionName, (x: number) => number> = { exp: Math.exp, sin: Math.sin, log: Math.log, cube: (x) => x * x * x };

const exactDerivative = (fName: FunctionName, x: number) => valueAndGrad(TENSOR_FNS[fName], [scalar(x)]).grads[0]![0]!;

function reference({ fName, x, deltas }: Input): Answer {
  const f = PLAIN_FNS[fName];
  const exact = exactDerivative(fName, x);
  return {
    forward: deltas.map((d) => Math.abs((f(x + d) - f(x)) / d - exact)),
    central: deltas.map((d) => Math.abs((f(x + d) - f(x - d)) / (2 * d) - exact)),
  };
}

// ---------------------------------------------------------------------------------------------
// Judging. Where truncation dominates (Δ ≥ 10⁻⁴) the error is a smooth function of Δ and
// every correct program agrees with the reference to many digits. Where rounding dominates (the
// tiny Δ) the error is noise of size ~ε|f|/Δ that depends on the order of operations, so only
// its plausibility is judged.

const ROUNDING_REGIME = 1e-4;
const REL = 1e-3;
const ABS = 1e-11;
const NOISE_CEILING = 1e-3;

const sci = (v: number) => (Number.isFinite(v) ? v.toExponential(3) : String(v));

function shapeProblem(got: unknown, n: number): JudgeFailure | null {
  const ok = (v: unknown) => Array.isArray(v) && v.length === n && v.every((e) => typeof e === 'number');
  if (got === null || typeof got !== 'object' || !ok((got as Answer).forward) || !ok((got as Answer).central)) {
    return {
      message: {
        en: `Return { forward, central }: two arrays of ${n} numbers, one error per Δ.`,
        zh: `请返回 { forward, central }：两个长度为 ${n} 的数组，每个 Δ 一个误差。`,
      },
    };
  }
  return null;
}

function judgeErrors(got: unknown, input: Input): JudgeFailure | null {
  const problem = shapeProblem(got, input.deltas.length);
  if (problem) return problem;
  const answer = got as Answer;
  const ref = reference(input);
  for (const kind of ['forward', 'central'] as const) {
    for (const [k, d] of input.deltas.entries()) {
      const g = answer[kind][k]!;
      const e = ref[kind][k]!;
      const path: Path = [kind, k];
      const where = `${kind}[${k}] (Δ = ${d})`;
      if (!Number.isFinite(g) || g < 0) {
        return {
          message: {
            en: `${where} is ${sci(g)}: an error is the absolute difference |approximation − f′(x)|, a finite number ≥ 0.`,
            zh: `${where} 为 ${sci(g)}：误差是绝对差 |近似值 − f′(x)|，应为 ≥ 0 的有限数。`,
          },
          path,
        };
      }
      if (d < ROUNDING_REGIME) {
        if (g > NOISE_CEILING) {
          return {
            message: {
              en: `${where} is ${sci(g)}. At so small a step rounding dominates, but the error should still be tiny (about ${sci(e)} here, and far below ${NOISE_CEILING}).`,
              zh: `${where} 为 ${sci(g)}。步长这么小时舍入误差占主导，但误差仍应很小（这里约为 ${sci(e)}，远小于 ${NOISE_CEILING}）。`,
            },
            path,
          };
        }
        continue;
      }
      if (Math.abs(g - e) > ABS + REL * e) {
        return {
          message: {
            en: `${where}: expected ${sci(e)}, got ${sci(g)}.`,
            zh: `${where}：期望 ${sci(e)}，得到 ${sci(g)}。`,
          },
          path,
        };
      }
    }
  }
  return null;
}

/** The observed order p in error ≈ C·Δᵖ between the first two Δ of the input (a factor of 10 apart). */
function judgeOrder(got: unknown, input: Input): JudgeFailure | null {
  const problem = shapeProblem(got, input.deltas.length);
  if (problem) return problem;
  const answer = got as Answer;
  const [d0, d1] = input.deltas as [number, number];
  for (const [kind, order] of [
    ['forward', 1],
    ['central', 2],
  ] as const) {
    const [e0, e1] = answer[kind] as [number, number];
    const p = Math.log(e0 / e1) / Math.log(d0 / d1);
    if (!(Math.abs(p - order) <= 0.2)) {
      const factor = e0 / e1;
      return {
        message: {
          en: `From Δ = ${d0} to Δ = ${d1} your ${kind} error goes from ${sci(e0)} to ${sci(e1)}, a factor of ${Number.isFinite(factor) ? factor.toPrecision(3) : factor}: that is order ${Number.isFinite(p) ? p.toFixed(2) : p}. The ${kind} difference is O(Δ${order === 2 ? '²' : ''}), so the factor should be about ${order === 2 ? 100 : 10}.`,
          zh: `从 Δ = ${d0} 到 Δ = ${d1}，你的 ${kind} 误差从 ${sci(e0)} 变为 ${sci(e1)}，缩小为 1/${Number.isFinite(factor) ? factor.toPrecision(3) : factor}：阶数为 ${Number.isFinite(p) ? p.toFixed(2) : p}。${kind === 'central' ? '中心差分' : '前向差分'}的误差是 O(Δ${order === 2 ? '²' : ''})，应缩小约 ${order === 2 ? 100 : 10} 倍。`,
        },
        path: [kind],
      };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

const DELTAS = [0.2, 0.1, 0.05, 0.01, 0.005, 0.001, 1e-10];

/** Points where f″ and f‴ are far from 0, so the leading error terms are what the errors show. */
function pointFor(rng: InputRng, fName: FunctionName): number {
  switch (fName) {
    case 'exp':
      return rng.uniform(-1, 2);
    case 'sin':
      return (rng.random() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1.2);
    case 'log':
      return rng.uniform(0.8, 3);
    case 'cube':
      return rng.uniform(0.5, 2);
  }
}

const FNS: FunctionName[] = ['exp', 'sin', 'log', 'cube'];
const describe = ({ fName, x, deltas }: Input) => `f = ${fName}, x = ${Number(x.toPrecision(6))}, Δ = [${deltas.join(', ')}]`;
// Only used to recognise catalogued mistakes, whose answers equal the learner's bit for bit.
const common = { call, describe };

export default defineChecks<typeof Starter>({
  tolerance: { abs: 1e-15, rel: 1e-9 },
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [{ fName: 'exp', x: 1, deltas: [0.1, 0.01, 0.001, 1e-10] }] as Input[],
      judge: judgeErrors,
    }),
    check({
      ...common,
      name: 'all-functions',
      title: { en: 'exp, sin, log and x³ at random points, Δ from 0.2 down to 10⁻¹⁰', zh: 'exp、sin、log 与 x³ 在随机点上，Δ 从 0.2 到 10⁻¹⁰' },
      points: 5,
      inputs: (rng) => FNS.flatMap((fName) => Array.from({ length: 3 }, () => ({ fName, x: pointFor(rng, fName), deltas: DELTAS }))),
      judge: judgeErrors,
    }),
    check({
      ...common,
      name: 'convergence-order',
      title: { en: 'The forward difference is O(Δ), the central difference O(Δ²)', zh: '前向差分为 O(Δ)，中心差分为 O(Δ²)' },
      kind: 'property',
      points: 3,
      inputs: (rng) => FNS.map((fName) => ({ fName, x: pointFor(rng, fName), deltas: [0.01, 0.001] })),
      judge: judgeOrder,
    }),
  ],
  mistakes: {
    'forward-for-central': {
      hint: {
        en: 'Your central errors equal your forward errors: both use (f(x + Δ) − f(x))/Δ. The central difference looks both ways, (f(x + Δ) − f(x − Δ))/2Δ, so the f″ terms cancel and the error falls like Δ².',
        zh: '你的中心差分误差与前向差分误差相同：两者都用了 (f(x + Δ) − f(x))/Δ。中心差分向两侧各看一步：(f(x + Δ) − f(x − Δ))/2Δ，f″ 项相互抵消，误差按 Δ² 下降。',
      },
    },
    'central-divides-by-delta': {
      hint: {
        en: 'Your central difference is about 2f′(x), so its error is about |f′(x)|. From x − Δ to x + Δ the step is 2Δ long: divide by 2Δ.',
        zh: '你的中心差分约为 2f′(x)，因此误差约为 |f′(x)|。从 x − Δ 到 x + Δ 的步长是 2Δ：应除以 2Δ。',
      },
    },
    'signed-error': {
      hint: {
        en: 'Some of your errors are negative: you return approximation − f′(x). The error is its absolute value, |approximation − f′(x)|.',
        zh: '你的部分误差为负：你返回的是 近似值 − f′(x)。误差应取绝对值 |近似值 − f′(x)|。',
      },
    },
  },
});
