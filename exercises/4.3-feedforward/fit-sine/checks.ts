import { check, defineChecks, type JudgeFailure } from '../../../grader/harness';
import { mlp } from '../../../lib/autodiff';
import type * as Starter from './starter';

interface SineNet {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
}

const MAX_MSE = 1e-3;
const MAX_ERROR = 0.1;
const MAX_UNITS = 100;
/** Held-out grid: 401 evenly spaced points of [−π, π], ends included (the training grid is the learner's). */
const GRID = Array.from({ length: 401 }, (_, k) => -Math.PI + (2 * Math.PI * k) / 400);

const call = (m: typeof Starter, seed: number) => m.fitSine(seed);

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isVector = (v: unknown, n?: number): v is number[] => Array.isArray(v) && (n === undefined || v.length === n) && v.every(isNumber);

/** null when `got` is a one-hidden-layer network with matching shapes, else what is wrong. */
function shapeProblem(got: unknown): JudgeFailure | null {
  const fail = (en: string, zh: string, path?: (string | number)[]): JudgeFailure => ({ message: { en, zh }, path });
  if (got === null || typeof got !== 'object') return fail('fitSine must return an object { W1, b1, W2, b2 }.', 'fitSine 必须返回对象 { W1, b1, W2, b2 }。');
  const net = got as Record<string, unknown>;
  const b1 = net.b1;
  if (!isVector(b1) || b1.length < 1 || b1.length > MAX_UNITS) {
    return fail(`b1 must be an array of M finite numbers, 1 ≤ M ≤ ${MAX_UNITS} (one bias per hidden unit).`, `b1 必须是 M 个有限数组成的数组，1 ≤ M ≤ ${MAX_UNITS}（每个隐藏单元一个偏置）。`, ['b1']);
  }
  const M = b1.length;
  const W1 = net.W1;
  if (!Array.isArray(W1) || W1.length !== M || !W1.every((row) => isVector(row, 1))) {
    return fail(`W1 is W⁽¹⁾ ∈ R^{M×1}: ${M} rows of one finite weight each, e.g. [[0.3], [-1.2], …].`, `W1 即 W⁽¹⁾ ∈ R^{M×1}：${M} 行，每行一个有限的权重，如 [[0.3], [-1.2], …]。`, ['W1']);
  }
  const W2 = net.W2;
  if (!Array.isArray(W2) || W2.length !== 1 || !isVector(W2[0], M)) {
    return fail(`W2 is W⁽²⁾ ∈ R^{1×M}: one row of ${M} finite weights, e.g. [[0.5, -0.1, …]].`, `W2 即 W⁽²⁾ ∈ R^{1×M}：一行 ${M} 个有限的权重，如 [[0.5, -0.1, …]]。`, ['W2']);
  }
  if (!isVector(net.b2, 1)) return fail('b2 is b⁽²⁾ ∈ R¹: an array holding one finite number.', 'b2 即 b⁽²⁾ ∈ R¹：只含一个有限数的数组。', ['b2']);
  return null;
}

/** F on the held-out grid, evaluated by the reference engine as a 1-M-1 tanh network. */
function heldOut(net: SineNet): { mse: number; maxError: number; worstX: number } {
  const M = net.b1.length;
  const model = mlp({ sizes: [1, M, 1], activations: 'tanh', weights: [{ W: net.W1, b: net.b1 }, { W: net.W2, b: net.b2 }] });
  const F = model.forward(GRID.map((x) => [x])).data;
  let se = 0;
  let maxError = -1;
  let worstX = 0;
  GRID.forEach((x, k) => {
    const e = Math.abs(F[k]! - Math.sin(x));
    se += e * e;
    if (!(e <= maxError)) [maxError, worstX] = [e, x];
  });
  return { mse: se / GRID.length, maxError, worstX };
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3)))) : String(v));

function judgeMse(got: unknown): JudgeFailure | null {
  const problem = shapeProblem(got);
  if (problem) return problem;
  const { mse } = heldOut(got as SineNet);
  if (mse <= MAX_MSE) return null;
  return {
    message: {
      en: `On ${GRID.length} held-out points of [−π, π] the mean squared error of your network is ${fmt(mse)}; it must be at most ${MAX_MSE}.`,
      zh: `在 [−π, π] 上 ${GRID.length} 个留出点处，你的网络的均方误差为 ${fmt(mse)}；要求不超过 ${MAX_MSE}。`,
    },
  };
}

function judgeMaxError(got: unknown): JudgeFailure | null {
  const problem = shapeProblem(got);
  if (problem) return problem;
  const { maxError, worstX } = heldOut(got as SineNet);
  if (maxError <= MAX_ERROR) return null;
  return {
    message: {
      en: `Your network is off by ${fmt(maxError)} at x = ${fmt(worstX)}: |F(x) − sin x| must stay below ${MAX_ERROR} on the whole interval, ends included.`,
      zh: `你的网络在 x = ${fmt(worstX)} 处的误差为 ${fmt(maxError)}：在整个区间（包括端点）上 |F(x) − sin x| 都必须小于 ${MAX_ERROR}。`,
    },
  };
}

// Only used to recognise catalogued mistakes: their weights equal the learner's.
const describe = (seed: number) => `fitSine(${seed})`;

const common = { call, describe, kind: 'property' as const };

export default defineChecks<typeof Starter>({
  tolerance: { abs: 1e-9, rel: 1e-6 },
  checks: [
    check({
      ...common,
      name: 'examples',
      title: { en: 'The example: seed 1, mean squared error ≤ 10⁻³', zh: '示例：种子 1，均方误差 ≤ 10⁻³' },
      visibility: 'example',
      points: 2,
      inputs: [1],
      judge: judgeMse,
    }),
    check({
      ...common,
      name: 'held-out-mse',
      title: { en: 'Other seeds: mean squared error ≤ 10⁻³ on held-out points', zh: '其他种子：留出点上的均方误差 ≤ 10⁻³' },
      points: 4,
      inputs: [7, 2024, 31337],
      judge: judgeMse,
    }),
    check({
      ...common,
      name: 'max-error',
      title: { en: 'The whole interval: |F(x) − sin x| < 0.1 everywhere, ends included', zh: '整个区间：处处 |F(x) − sin x| < 0.1，包括端点' },
      points: 4,
      inputs: [1, 7, 2024],
      judge: judgeMaxError,
    }),
  ],
  mistakes: {
    'zero-init': {
      hint: {
        en: 'Your network starts with every weight at 0. Then every hidden unit computes the same thing and receives the same update, so they never become different — and with W⁽²⁾ = 0 and tanh(0) = 0 no weight moves at all. Initialise the weights at random to break the symmetry.',
        zh: '你的网络所有权重都从 0 开始。这样每个隐藏单元的计算和更新都完全相同，永远不会变得不同——而且当 W⁽²⁾ = 0、tanh(0) = 0 时，没有任何权重会改变。请随机初始化权重以打破对称性。',
      },
    },
    'one-hidden-unit': {
      hint: {
        en: 'One hidden unit gives F(x) = v·tanh(wx + b) + c, a monotone curve, and sin on [−π, π] rises and falls. The universal approximation theorem needs enough units M: try 10 to 20.',
        zh: '一个隐藏单元给出 F(x) = v·tanh(wx + b) + c，是单调曲线，而 sin 在 [−π, π] 上先升后降。通用近似定理要求有足够多的隐藏单元 M：试试 10 到 20 个。',
      },
    },
    'no-tanh-derivative': {
      hint: {
        en: "Your hidden layer's error term leaves out tanh'(z⁽¹⁾) = 1 − tanh²(z⁽¹⁾): δ⁽¹⁾ = tanh'(z⁽¹⁾) ⊙ (W⁽²⁾)ᵀδ⁽²⁾. Without it the updates of W⁽¹⁾ and b⁽¹⁾ are not the gradient, and training does not converge to a good fit.",
        zh: '你的隐藏层误差项漏掉了 tanh\'(z⁽¹⁾) = 1 − tanh²(z⁽¹⁾)：δ⁽¹⁾ = tanh\'(z⁽¹⁾) ⊙ (W⁽²⁾)ᵀδ⁽²⁾。缺少这一项，W⁽¹⁾ 和 b⁽¹⁾ 的更新就不是梯度方向，训练无法收敛到好的拟合。',
      },
    },
  },
});
