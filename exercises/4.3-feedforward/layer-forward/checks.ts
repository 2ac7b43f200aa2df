import { check, defineChecks, entryLabel, examples, tolerances, type InputRng, type Path } from '../../../grader/harness';
import { activationsByName, linear, tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'];

interface Input {
  W: number[][];
  b: number[];
  x: number[];
  activation: Activation;
}

const call = (m: typeof Starter, i: Input) => m.layerForward(i.W, i.b, i.x, i.activation);

function expected({ W, b, x, activation }: Input): number[] {
  return activationsByName[activation](linear(tensor(x), tensor(W), tensor(b))).toNested() as number[];
}

const fmt = (v: number) => String(Number(v.toPrecision(4)));
const vec = (v: number[]) => `[${v.map(fmt).join(', ')}]`;
function describe({ W, b, x, activation }: Input): string {
  const text = `W (${W.length}×${W[0]?.length ?? 0}) = [${W.map(vec).join(', ')}], b = ${vec(b)}, x = ${vec(x)}, f = ${activation}`;
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
const locate = (path: Path, locale: 'en' | 'zh') => (path.length === 1 && typeof path[0] === 'number' ? { label: entryLabel('a⁽ˡ⁾', [path[0]], locale), row: path[0] } : { label: 'a⁽ˡ⁾' });

function randomLayer(rng: InputRng, rows: number, cols: number, activation: Activation, scale = 1.5): Input {
  return {
    W: Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-scale, scale))),
    b: Array.from({ length: rows }, () => rng.uniform(-1, 1)),
    x: Array.from({ length: cols }, () => rng.uniform(-2, 2)),
    activation,
  };
}

const EXAMPLE = {
  W: [
    [1, 0, -1],
    [2, 1, 0.5],
  ],
  b: [0.5, -1],
  x: [1, -2, 3],
};

const common = { call, expected, describe, locate };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: (['relu', 'sigmoid', 'linear'] as const).map((activation) => ({ ...EXAMPLE, activation })),
    }),
    check({
      ...common,
      name: 'random-shapes',
      title: { en: 'Random layers from 1×1 to 6×6, every activation', zh: '从 1×1 到 6×6 的随机层，每一种激活函数' },
      points: 4,
      inputs: (rng) => ACTIVATIONS.flatMap((f) => Array.from({ length: 8 }, () => randomLayer(rng, rng.int(1, 7), rng.int(1, 7), f))),
    }),
    check({
      ...common,
      name: 'wide-layers',
      title: { en: 'Wide layers (up to 64 × 100) and a single neuron', zh: '较宽的层（最大 64 × 100）与单个神经元' },
      points: 2,
      inputs: (rng) => [
        randomLayer(rng, 64, 100, 'relu', 0.2),
        randomLayer(rng, 10, 64, 'sigmoid', 0.3),
        randomLayer(rng, 1, 30, 'tanh', 0.4),
        randomLayer(rng, 30, 1, 'leakyRelu'),
      ],
    }),
    check({
      ...common,
      name: 'large-net-input',
      title: { en: 'Net inputs of ±1000 (no overflow)', zh: '净输入为 ±1000（不溢出）' },
      points: 2,
      inputs: ACTIVATIONS.map((activation) => ({
        W: [
          [500, 0],
          [0, -500],
          [1, 1],
        ],
        b: [0, 0, -1000],
        x: [2, 2],
        activation,
      })),
    }),
  ],
  mistakes: {
    'transposed-weights': {
      hint: {
        en: 'You computed Wᵀx: one output per column of W. Row i of W⁽ˡ⁾ holds the weights into neuron i, so z_i = Σ_j W[i][j]·x[j] and the layer has as many outputs as W has rows (M_l).',
        zh: '你计算的是 Wᵀx：W 的每一列得到一个输出。W⁽ˡ⁾ 的第 i 行是进入神经元 i 的权重，所以 z_i = Σ_j W[i][j]·x[j]，输出个数等于 W 的行数 M_l。',
      },
    },
    'bias-after-activation': {
      hint: {
        en: 'Your outputs equal f(Wx) + b: the bias is added after the activation. It is part of the net input: a = f(Wx + b).',
        zh: '你的输出等于 f(Wx) + b：偏置加在了激活函数之后。偏置是净输入的一部分：a = f(Wx + b)。',
      },
    },
    'returns-net-input': {
      hint: {
        en: 'You return the net input z⁽ˡ⁾ = Wx + b. The layer outputs its activations a⁽ˡ⁾ = f_l(z⁽ˡ⁾): apply the activation named by `activation` to every entry.',
        zh: '你返回的是净输入 z⁽ˡ⁾ = Wx + b。这一层应输出活性值 a⁽ˡ⁾ = f_l(z⁽ˡ⁾)：对每个元素应用 `activation` 指定的激活函数。',
      },
    },
  },
});
