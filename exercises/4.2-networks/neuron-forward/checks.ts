import { check, defineChecks, examples, tolerances, type InputRng } from '../../../grader/harness';
import { activationsByName, linear, tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'];

interface Input {
  w: number[];
  x: number[];
  b: number;
  activation: Activation;
}

const call = (m: typeof Starter, i: Input) => m.neuron(i.w, i.x, i.b, i.activation);

/** The neuron as a one-row layer of the reference engine: z = [wᵀ]x + b, a = f(z). */
function expected({ w, x, b, activation }: Input): { z: number; a: number } {
  const z = linear(tensor(x), tensor([w]), tensor([b]));
  const a = activationsByName[activation](z);
  return { z: z.data[0]!, a: a.data[0]! };
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));
const vec = (v: number[]) => `[${v.map(fmt).join(', ')}]`;
const describe = ({ w, x, b, activation }: Input) => `w = ${vec(w)}, x = ${vec(x)}, b = ${fmt(b)}, f = ${activation}`;

function randomNeuron(rng: InputRng, D: number, activation: Activation): Input {
  return {
    w: Array.from({ length: D }, () => rng.uniform(-2, 2)),
    x: Array.from({ length: D }, () => rng.uniform(-2, 2)),
    b: rng.uniform(-1, 1),
    activation,
  };
}

const common = { call, expected, describe };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: [
        ...ACTIVATIONS.map((activation) => ({ w: [0.5, -1, 2], x: [1, 2, 0.5], b: 0.25, activation })),
        { w: [1, 1], x: [2, 3], b: -1, activation: 'relu' as const },
      ],
    }),
    check({
      ...common,
      name: 'random',
      title: { en: 'Random neurons with 1 to 8 inputs, every activation', zh: '1 到 8 个输入的随机神经元，每一种激活函数' },
      points: 4,
      inputs: (rng) => ACTIVATIONS.flatMap((f) => Array.from({ length: 8 }, () => randomNeuron(rng, rng.int(1, 9), f))),
    }),
    check({
      ...common,
      name: 'large-net-input',
      title: { en: 'Net inputs of ±1000 (no overflow)', zh: '净输入为 ±1000（不溢出）' },
      points: 2,
      inputs: ACTIVATIONS.flatMap((activation) => [
        { w: [400], x: [2.5], b: 0, activation },
        { w: [-400, 1], x: [2.5, 3], b: -3, activation },
        { w: [100, 200], x: [3, 2], b: 10, activation },
      ]),
    }),
    check({
      ...common,
      name: 'edge-cases',
      title: { en: 'No inputs (D = 0), zero weights, z = 0', zh: '没有输入（D = 0）、零权重、z = 0' },
      points: 2,
      inputs: ACTIVATIONS.flatMap((activation) => [
        { w: [], x: [], b: 0.75, activation },
        { w: [0, 0, 0], x: [1, -2, 3], b: -1.5, activation },
        { w: [1, -1], x: [2, 2], b: 0, activation },
      ]),
    }),
  ],
  mistakes: {
    'no-bias': {
      hint: {
        en: 'Your z equals wᵀx: the bias b is missing. The net input is z = wᵀx + b, and a = f(z) is taken of that sum.',
        zh: '你的 z 等于 wᵀx：缺少偏置 b。净输入应为 z = wᵀx + b，活性值 a = f(z) 要对这个和取激活。',
      },
    },
    'bias-after-activation': {
      hint: {
        en: 'Your a equals f(wᵀx) + b: the bias is added after the activation. It belongs inside: a = f(wᵀx + b), so it shifts the point where the neuron fires.',
        zh: '你的 a 等于 f(wᵀx) + b：偏置加在了激活函数之后。偏置应在激活函数内部：a = f(wᵀx + b)，它移动的是神经元被激活的阈值。',
      },
    },
    'tanh-overflow': {
      hint: {
        en: 'tanh written as (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ) gives Infinity/Infinity = NaN once |z| passes about 710. Use Math.tanh, or a form that only exponentiates −2|z| (e.g. tanh z = 2σ(2z) − 1 with a stable σ).',
        zh: '把 tanh 写成 (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ)，当 |z| 超过约 710 时得到 Infinity/Infinity = NaN。请使用 Math.tanh，或只对 −2|z| 取指数的写法（如用稳定的 σ 计算 tanh z = 2σ(2z) − 1）。',
      },
    },
  },
});
