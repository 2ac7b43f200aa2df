import { check, defineChecks, entryLabel, examples, tolerances, type InputRng, type Path } from '../../../grader/harness';
import { activationsByName, matmul, mul, numericGradient, sum, tensor, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'elu' | 'softplus';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'softplus'];
const NAMES: Record<Activation, string> = {
  sigmoid: 'logistic σ',
  tanh: 'tanh',
  relu: 'ReLU',
  leakyRelu: 'leaky ReLU (γ = 0.01)',
  elu: 'ELU (γ = 1)',
  softplus: 'softplus',
};

interface Input {
  /** W⁽ˡ⁺¹⁾, M_{l+1} × M_l */
  Wnext: number[][];
  /** δ⁽ˡ⁺¹⁾ */
  deltaNext: number[];
  /** z⁽ˡ⁾ */
  z: number[];
  activation: Activation;
}


// Runs in the sandbox: builds f′ for the input's activation (the same formulas the reference
// differentiates) and hands it to the learner's function.
const call = (m: typeof Starter, input: Input) => {
  const sigmoid = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  const derivatives: Record<string, (v: number) => number> = {
    sigmoid: (v) => sigmoid(v) * sigmoid(-v),
    tanh: (v) => 1 / (Math.cosh(v) * Math.cosh(v)),
    relu: (v) => (v > 0 ? 1 : 0),
    leakyRelu: (v) => (v > 0 ? 1 : 0.01),
    elu: (v) => (v > 0 ? 1 : Math.exp(v)),
    softplus: sigmoid,
  };
  return m.errorTerm(input.Wnext, input.deltaNext, input.z, derivatives[input.activation]);
};

/**
 * δ⁽ˡ⁾ is what the book defines it to be, ∂L/∂z⁽ˡ⁾: for any L whose gradient with respect to
 * z⁽ˡ⁺¹⁾ = W⁽ˡ⁺¹⁾f(z⁽ˡ⁾) + b is δ⁽ˡ⁺¹⁾, e.g. L = (δ⁽ˡ⁺¹⁾)ᵀz⁽ˡ⁺¹⁾. The reference differentiates that L
 * with lib/autodiff; `numeric` takes its central differences.
 */
const loss =
  ({ Wnext, deltaNext, activation }: Input) =>
  (z: Tensor): Tensor =>
    sum(mul(matmul(tensor(Wnext), activationsByName[activation](z)), tensor(deltaNext)));

const expected = (input: Input): number[] => {
  const z = tensor(input.z, { requiresGrad: true });
  loss(input)(z).backward();
  return z.gradNested() as number[];
};
const numeric = (input: Input): number[] => Array.from(numericGradient(loss(input), [tensor(input.z)])[0]);


const fmt = (v: number) => String(Number(v.toPrecision(6)));
const vec = (v: number[]) => `[${v.map(fmt).join(', ')}]`;
/**
 * One line of words; the vectors and the matrix are laid out in rows by the site (`names`) when
 * they fit on a screen (16 × 16), and spelled out here when they do not.
 */
function describe({ Wnext, deltaNext, z, activation }: Input, locale: 'en' | 'zh' = 'en'): string {
  const sizes = locale === 'zh' ? `M_l = ${z.length}，M_{l+1} = ${Wnext.length}，f = ${NAMES[activation]}` : `M_l = ${z.length}, M_{l+1} = ${Wnext.length}, f = ${NAMES[activation]}`;
  if (Wnext.length <= 16 && z.length <= 16) return sizes;
  const text = `${sizes}; W⁽ˡ⁺¹⁾ = [${Wnext.map(vec).join(', ')}], δ⁽ˡ⁺¹⁾ = ${vec(deltaNext)}, z⁽ˡ⁾ = ${vec(z)}`;
  return text.length > 700 ? `${text.slice(0, 700)}…` : text;
}
const names = { Wnext: 'W⁽ˡ⁺¹⁾', deltaNext: 'δ⁽ˡ⁺¹⁾', z: 'z⁽ˡ⁾', activation: 'f' };
const locate = (path: Path, locale: 'en' | 'zh') => (path.length === 1 && typeof path[0] === 'number' ? { label: entryLabel('δ⁽ˡ⁾', [path[0]], locale), row: path[0] } : { label: 'δ⁽ˡ⁾' });

/** Integer in [lo, hi] whatever the generator's convention for its upper bound. */
function between(rng: InputRng, lo: number, hi: number): number {
  return Math.min(hi, lo + Math.floor(rng.uniform(0, hi - lo + 1)));
}

/** A net input away from 0, so ReLU's kink is never within a central difference of it. */
function netInput(rng: InputRng, std: number): number {
  for (;;) {
    const v = rng.normal(0, std);
    if (Math.abs(v) > 1e-3) return v;
  }
}

function randomInput(rng: InputRng, rows: number, cols: number, activation: Activation, zStd = 2): Input {
  return {
    Wnext: Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-2, 2))),
    deltaNext: Array.from({ length: rows }, () => rng.normal(0, 1)),
    z: Array.from({ length: cols }, () => netInput(rng, zStd)),
    activation,
  };
}

const W_EXAMPLE = [
  [1, -1, 2],
  [0, 3, -2],
];

const common = { call, expected, numeric, describe, names, locate, kind: 'gradient' as const };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [
        { Wnext: W_EXAMPLE, deltaNext: [0.5, -1], z: [2, -1, 0.5], activation: 'relu' },
        { Wnext: W_EXAMPLE, deltaNext: [0.5, -1], z: [0, 1, -1], activation: 'sigmoid' },
      ],
    }),
    check({
      ...common,
      name: 'activations',
      title: { en: 'Every activation, random layers of 1 to 6 neurons', zh: '每一种激活函数，随机的 1 到 6 个神经元的层' },
      points: 3,
      inputs: (rng) => ACTIVATIONS.flatMap((f) => Array.from({ length: 4 }, () => randomInput(rng, between(rng, 1, 6), between(rng, 1, 6), f))),
    }),
    check({
      ...common,
      name: 'non-square',
      title: { en: 'Non-square W⁽ˡ⁺¹⁾: the next layer wider or narrower', zh: '非方阵 W⁽ˡ⁺¹⁾：下一层更宽或更窄' },
      points: 3,
      inputs: (rng) =>
        [
          [1, 5],
          [5, 1],
          [2, 7],
          [7, 2],
          [3, 8],
          [8, 3],
          [4, 10],
          [10, 4],
          [6, 9],
          [9, 6],
          [1, 1],
          [12, 3],
        ].map(([rows, cols], k) => randomInput(rng, rows!, cols!, ACTIVATIONS[k % ACTIVATIONS.length]!)),
    }),
    check({
      ...common,
      name: 'edge-cases',
      title: { en: 'Edge cases: zero error, negative net inputs, saturated units', zh: '边界情况：零误差、负的净输入、饱和的神经元' },
      points: 2,
      inputs: (rng) => {
        const zeroDelta = randomInput(rng, 3, 4, 'tanh');
        zeroDelta.deltaNext = [0, 0, 0];
        const reluOff = randomInput(rng, 4, 3, 'relu');
        reluOff.z = reluOff.z.map((v) => -Math.abs(v));
        const leakyOff = randomInput(rng, 2, 5, 'leakyRelu');
        leakyOff.z = leakyOff.z.map((v) => -Math.abs(v));
        const eluOff = randomInput(rng, 5, 2, 'elu');
        eluOff.z = eluOff.z.map((v) => -Math.abs(v));
        return [
          zeroDelta,
          reluOff,
          leakyOff,
          eluOff,
          randomInput(rng, 3, 5, 'sigmoid', 12),
          randomInput(rng, 5, 3, 'tanh', 6),
          randomInput(rng, 4, 4, 'softplus', 15),
        ];
      },
    }),
  ],
  mistakes: {
    'no-derivative': {
      hint: {
        en: 'Your δ⁽ˡ⁾ equals (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾: that is ∂L/∂a⁽ˡ⁾, the gradient with respect to the activation. One more step of the chain rule, through a⁽ˡ⁾ = f(z⁽ˡ⁾), multiplies each entry by f′(z⁽ˡ⁾_j).',
        zh: '你的 δ⁽ˡ⁾ 等于 (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾：这是 ∂L/∂a⁽ˡ⁾，即对活性值的梯度。链式法则还要再经过 a⁽ˡ⁾ = f(z⁽ˡ⁾) 这一步，把每一项乘以 f′(z⁽ˡ⁾_j)。',
      },
    },
    'no-transpose': {
      hint: {
        en: 'You multiplied δ⁽ˡ⁺¹⁾ by W⁽ˡ⁺¹⁾ itself. W⁽ˡ⁺¹⁾ maps layer l (M_l values) forward to layer l + 1; going back needs its transpose, so entry j sums down column j: Σ_i w⁽ˡ⁺¹⁾_ij δ⁽ˡ⁺¹⁾_i. The answer has M_l entries, one per column of W⁽ˡ⁺¹⁾.',
        zh: '你用 W⁽ˡ⁺¹⁾ 本身乘了 δ⁽ˡ⁺¹⁾。W⁽ˡ⁺¹⁾ 把第 l 层（M_l 个值）向前映射到第 l + 1 层；反向时需要它的转置，即第 j 项沿第 j 列求和：Σ_i w⁽ˡ⁺¹⁾_ij δ⁽ˡ⁺¹⁾_i。结果有 M_l 项，对应 W⁽ˡ⁺¹⁾ 的每一列。',
      },
    },
    'skips-weights': {
      hint: {
        en: 'Your answer is f′(z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾: the weights are missing. Neuron j of layer l reaches every neuron i of layer l + 1 through w⁽ˡ⁺¹⁾_ij, so its error collects Σ_i w⁽ˡ⁺¹⁾_ij δ⁽ˡ⁺¹⁾_i before the multiplication by f′(z⁽ˡ⁾_j).',
        zh: '你的结果是 f′(z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾：缺少了权重。第 l 层的神经元 j 通过 w⁽ˡ⁺¹⁾_ij 连到第 l + 1 层的每个神经元 i，所以它的误差要先汇总 Σ_i w⁽ˡ⁺¹⁾_ij δ⁽ˡ⁺¹⁾_i，再乘以 f′(z⁽ˡ⁾_j)。',
      },
    },
    'prime-wrong-side': {
      hint: {
        en: 'You computed (W⁽ˡ⁺¹⁾)ᵀ(f′(z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾): the derivative scales the next layer\'s errors. f′(z⁽ˡ⁾) belongs to layer l, so it multiplies after the transpose: δ⁽ˡ⁾ = diag(f′(z⁽ˡ⁾))·(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾ — in the denominator layout the Jacobians are multiplied from layer l outwards.',
        zh: '你计算的是 (W⁽ˡ⁺¹⁾)ᵀ(f′(z⁽ˡ⁾) ⊙ δ⁽ˡ⁺¹⁾)：导数被乘到了下一层的误差上。f′(z⁽ˡ⁾) 属于第 l 层，应在转置相乘之后再逐元素相乘：δ⁽ˡ⁾ = diag(f′(z⁽ˡ⁾))·(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾——在分母布局中，雅可比矩阵从第 l 层开始依次向外相乘。',
      },
    },
  },
});
