import { check, defineChecks, examples, tolerances, type InputRng } from '../../../grader/harness';
import { l2Penalty, mlp } from '../../../lib/autodiff';
import type * as Starter from './starter';

interface Layer {
  W: number[][];
  b: number[];
}
interface Sample {
  x: number[];
  y: number;
}
interface Input {
  layers: Layer[];
  data: Sample[];
  lambda: number;
}
type Answer = { loss: number; penalty: number; risk: number };

const call = (m: typeof Starter, i: Input) => m.regularisedRisk(i.layers, i.data, i.lambda);

/** The network in the reference engine: ReLU hidden layers, softmax output, mean cross-entropy. */
function expected({ layers, data, lambda }: Input): Answer {
  const sizes = [layers[0]!.W[0]!.length, ...layers.map((l) => l.W.length)];
  const net = mlp({ sizes, activations: 'relu', output: 'softmax', weights: layers });
  const loss = net.loss(
    data.map((s) => s.x),
    data.map((s) => s.y),
  ).item();
  const penalty = l2Penalty(
    net.layers.map((l) => l.W),
    lambda,
  ).item();
  return { loss, penalty, risk: loss + penalty };
}


function describe({ layers, data, lambda }: Input, locale: 'en' | 'zh' = 'en'): string {
  const sizes = [layers[0]!.W[0]!.length, ...layers.map((l) => l.W.length)];
  const bias = Number(Math.max(...layers.flatMap((l) => l.b.map(Math.abs))).toPrecision(3));
  return locale === 'zh'
    ? `网络 ${sizes.join('-')}（最大的 |偏置| 为 ${bias}），N = ${data.length} 个样本，λ = ${lambda}`
    : `network ${sizes.join('-')} (largest |bias| ${bias}), N = ${data.length} samples, λ = ${lambda}`;
}

function randomInput(rng: InputRng, sizes: number[], N: number, lambda: number): Input {
  const layers = sizes.slice(1).map((rows, l) => ({
    W: Array.from({ length: rows }, () => Array.from({ length: sizes[l]! }, () => rng.uniform(-1.5, 1.5))),
    b: Array.from({ length: rows }, () => rng.uniform(-2, 2)),
  }));
  const C = sizes[sizes.length - 1]!;
  const data = Array.from({ length: N }, () => ({ x: Array.from({ length: sizes[0]! }, () => rng.uniform(-2, 2)), y: rng.int(0, C) }));
  return { layers, data, lambda };
}

const EXAMPLE: Input = {
  layers: [
    {
      W: [
        [1, -1],
        [0.5, 2],
      ],
      b: [0, 1],
    },
    {
      W: [
        [1, -1],
        [-2, 1],
      ],
      b: [0.5, 0],
    },
  ],
  data: [
    { x: [1, 0], y: 0 },
    { x: [0, 1], y: 1 },
    { x: [-1, 1], y: 1 },
  ],
  lambda: 0.1,
};

/**
 * Logits hundreds apart, as a confident (or badly wrong) network gives: exp of the largest logit
 * overflows, so only a cross-entropy that shifts by the largest logit stays finite.
 */
const CONFIDENT: Input = {
  layers: [{ W: [[400, -400], [-400, 400], [1, 1]], b: [0, 0, -2] }],
  data: [
    { x: [1, -1], y: 0 },
    { x: [1, -1], y: 1 },
    { x: [-1, 1], y: 2 },
    { x: [0.5, 0.5], y: 2 },
  ],
  lambda: 0.001,
};

const common = { call, expected, describe };
const LAMBDAS = [0.001, 0.01, 0.1, 0.5];

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [EXAMPLE],
    }),
    check({
      ...common,
      name: 'random',
      title: { en: 'Random networks of 1 to 3 layers, 1 to 20 samples', zh: '1 到 3 层的随机网络，1 到 20 个样本' },
      points: 4,
      inputs: (rng) =>
        Array.from({ length: 20 }, (_, k) => {
          const L = 1 + (k % 3);
          const sizes = Array.from({ length: L + 1 }, (_, l) => (l === L ? rng.int(2, 6) : rng.int(1, 7)));
          return randomInput(rng, sizes, rng.int(1, 21), LAMBDAS[k % LAMBDAS.length]!);
        }),
    }),
    check({
      ...common,
      name: 'no-regularisation',
      title: { en: 'λ = 0: the risk is the mean loss', zh: 'λ = 0：风险就是平均损失' },
      points: 2,
      inputs: (rng) => [randomInput(rng, [3, 4, 3], 10, 0), randomInput(rng, [2, 2], 5, 0)],
    }),
    check({
      ...common,
      name: 'one-sample',
      title: { en: 'A single sample (N = 1)', zh: '单个样本（N = 1）' },
      points: 2,
      inputs: (rng) => [randomInput(rng, [4, 5, 3], 1, 0.05), randomInput(rng, [2, 3, 3, 2], 1, 0.2)],
    }),
    check({
      ...common,
      name: 'confident',
      title: { en: 'A confident network: logits more than 709 apart (the stable cross-entropy)', zh: '高置信度网络：logits 相差超过 709（稳定的交叉熵）' },
      points: 1,
      inputs: [CONFIDENT],
    }),
  ],
  mistakes: {
    'regularises-biases': {
      hint: {
        en: 'Your penalty includes the squared biases. ‖W‖²_F sums the weights w⁽ˡ⁾_ij only: the biases are not regularised, since shifting a threshold does not make the model more complex.',
        zh: '你的正则化项包含了偏置的平方。‖W‖²_F 只对权重 w⁽ˡ⁾_ij 求和：偏置不参与正则化，因为移动阈值并不会让模型更复杂。',
      },
    },
    'sum-not-mean': {
      hint: {
        en: 'Your loss is the sum of the per-sample losses. The risk averages them: (1/N) Σ_n L(y⁽ⁿ⁾, ŷ⁽ⁿ⁾), so that λ means the same thing whatever the size of the training set.',
        zh: '你的损失是各样本损失之和。风险函数取的是平均值：(1/N) Σ_n L(y⁽ⁿ⁾, ŷ⁽ⁿ⁾)，这样无论训练集大小如何，λ 的含义都相同。',
      },
    },
    'no-half': {
      hint: {
        en: 'Your penalty is λ‖W‖²_F, twice the book\'s. The regulariser is (λ/2)‖W‖²_F — the ½ makes its gradient exactly λW, the weight decay in the update W ← W − α(∂L/∂W + λW).',
        zh: '你的正则化项是 λ‖W‖²_F，是书中的两倍。正则化项为 (λ/2)‖W‖²_F——这个 ½ 让它的梯度恰好是 λW，即更新 W ← W − α(∂L/∂W + λW) 中的权重衰减。',
      },
    },
  },
});
