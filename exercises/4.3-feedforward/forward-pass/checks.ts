import { check, defineChecks, entryLabel, examples, tolerances, type InputRng, type Path } from '../../../grader/harness';
import { activationsByName, linear, tensor, type Tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Activation = 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'linear';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'linear'];

interface Layer {
  W: number[][];
  b: number[];
  activation: Activation;
}
interface Input {
  layers: Layer[];
  x: number[];
}

const call = (m: typeof Starter, i: Input) => m.forward(i.layers, i.x);

function expected({ layers, x }: Input): { z: number[][]; a: number[][] } {
  const z: number[][] = [[]];
  const a: number[][] = [x.slice()];
  let prev: Tensor = tensor(x);
  for (const { W, b, activation } of layers) {
    const zl = linear(prev, tensor(W), tensor(b));
    prev = activationsByName[activation](zl);
    z.push(zl.toNested() as number[]);
    a.push(prev.toNested() as number[]);
  }
  return { z, a };
}


const SUP = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
const sup = (n: number) => `⁽${String(n).split('').map((d) => SUP[Number(d)]).join('')}⁾`;
function locate(path: Path, locale: 'en' | 'zh') {
  const [name, l, i] = path;
  if ((name !== 'z' && name !== 'a') || typeof l !== 'number') return { label: String(name ?? 'the answer') };
  if (typeof i !== 'number') return { label: `${name}${sup(l)}`, layer: l };
  return { label: entryLabel(`${name}${sup(l)}`, [i], locale), layer: l, row: i };
}

function describe({ layers, x }: Input, locale: 'en' | 'zh' = 'en'): string {
  const widths = [x.length, ...layers.map((layer) => layer.W.length)].join('-');
  const fs = layers.map((layer) => layer.activation).join(', ');
  const xs = `x = [${x.map((v) => Number(v.toPrecision(4))).join(', ')}]`;
  return locale === 'zh' ? `网络 ${widths}，f = [${fs}]，${xs}` : `network ${widths} with f = [${fs}], ${xs}`;
}

function randomLayer(rng: InputRng, rows: number, cols: number, activation: Activation): Layer {
  const scale = Math.sqrt(3 / cols);
  return {
    W: Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-scale, scale) * 1.5)),
    b: Array.from({ length: rows }, () => rng.uniform(-0.5, 0.5)),
    activation,
  };
}

function randomNetwork(rng: InputRng, widths: number[], activations: Activation[]): Input {
  const layers = activations.map((f, l) => randomLayer(rng, widths[l + 1]!, widths[l]!, f));
  return { layers, x: Array.from({ length: widths[0]! }, () => rng.uniform(-2, 2)) };
}

const pick = (rng: InputRng) => ACTIVATIONS[rng.int(0, ACTIVATIONS.length)]!;

const EXAMPLE_HIDDEN: Layer = {
  W: [
    [1, -1],
    [0, 2],
    [-1, 0.5],
  ],
  b: [0, -1, 0.5],
  activation: 'relu',
};
const EXAMPLE_OUTPUT = {
  W: [
    [1, 1, 1],
    [2, 0, -1],
  ],
  b: [0.5, 0],
};

const common = { call, expected, describe, locate };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.closedForm,
  checks: [
    examples({
      ...common,
      points: 2,
      inputs: (['linear', 'sigmoid'] as const).map((activation) => ({ layers: [EXAMPLE_HIDDEN, { ...EXAMPLE_OUTPUT, activation }], x: [2, 1] })),
    }),
    check({
      ...common,
      name: 'random-networks',
      title: { en: 'Random networks of 1 to 4 layers, mixed activations', zh: '1 到 4 层的随机网络，混合各种激活函数' },
      points: 4,
      inputs: (rng) =>
        Array.from({ length: 24 }, (_, k) => {
          const L = 1 + (k % 4);
          const widths = Array.from({ length: L + 1 }, () => rng.int(1, 7));
          return randomNetwork(rng, widths, Array.from({ length: L }, () => pick(rng)));
        }),
    }),
    check({
      ...common,
      name: 'deep',
      title: { en: 'A deep network: 8 layers', zh: '深层网络：8 层' },
      points: 2,
      inputs: (rng) => [
        randomNetwork(rng, [4, 6, 6, 6, 6, 6, 6, 6, 3], ['tanh', 'relu', 'sigmoid', 'leakyRelu', 'tanh', 'relu', 'tanh', 'sigmoid']),
        randomNetwork(rng, [3, 5, 5, 5, 5, 5, 5, 5, 2], ['relu', 'relu', 'relu', 'relu', 'relu', 'relu', 'relu', 'linear']),
      ],
    }),
    check({
      ...common,
      name: 'single-layer',
      title: { en: 'A single layer (L = 1)', zh: '单层网络（L = 1）' },
      points: 2,
      inputs: (rng) => ACTIVATIONS.map((f) => randomNetwork(rng, [rng.int(1, 6), rng.int(1, 6)], [f])),
    }),
    check({
      ...common,
      name: 'saturated',
      title: { en: 'Saturated neurons: net inputs of ±1000', zh: '饱和的神经元：净输入为 ±1000' },
      points: 1,
      // σ(±1000) is 1 or 0 in doubles; e^z/(1 + e^z) at z = 1000 is ∞/∞ = NaN.
      inputs: [
        { layers: [{ W: [[1000], [-1000]], b: [0, 0], activation: 'sigmoid' }], x: [1] },
        { layers: [{ W: [[500, 500]], b: [0], activation: 'tanh' }, { W: [[1000]], b: [0], activation: 'sigmoid' }], x: [1, 1] },
      ],
    }),
    check({
      ...common,
      name: 'copy-of-x',
      title: { en: 'a[0] is a copy of x: changing x afterwards does not change it', zh: 'a[0] 是 x 的副本：之后修改 x 不会改变它' },
      points: 1,
      // The caller reuses its input buffer: after the call, x is overwritten with zeros. An a[0]
      // that is x itself changes with it.
      // (On the caller's own copy: the input itself must stay as it came, as in every check.)
      call: (m, i: Input) => {
        const x = i.x.slice();
        const r = m.forward(i.layers, x);
        x.fill(0);
        return r;
      },
      inputs: (rng) => [randomNetwork(rng, [3, 4, 2], ['tanh', 'sigmoid']), randomNetwork(rng, [2, 2], ['linear'])],
    }),
  ],
  mistakes: {
    'a0-aliases-x': {
      hint: {
        en: 'Your a[0] is the array x itself, not a copy: when the caller later reuses x (here it is overwritten with zeros), your a⁽⁰⁾ changes with it. Store a copy, e.g. x.slice().',
        zh: '你的 a[0] 就是数组 x 本身，而不是副本：调用者之后复用 x（这里被改写为 0）时，你的 a⁽⁰⁾ 也随之改变。请保存一个副本，例如 x.slice()。',
      },
    },
    'output-activation-skipped': {
      hint: {
        en: 'Your a⁽ᴸ⁾ equals z⁽ᴸ⁾: the output layer\'s activation f_L was not applied. The output layer is a layer like the others: a⁽ᴸ⁾ = f_L(z⁽ᴸ⁾) with the activation it is given.',
        zh: '你的 a⁽ᴸ⁾ 等于 z⁽ᴸ⁾：没有应用输出层的激活函数 f_L。输出层和其他层一样：a⁽ᴸ⁾ = f_L(z⁽ᴸ⁾)，使用给定的激活函数。',
      },
    },
    'no-layer-zero': {
      hint: {
        en: 'Your z and a have L entries, starting with layer 1. Index them like the book: a[0] = x (a⁽⁰⁾) and z[0] = [], so that z[l] and a[l] are z⁽ˡ⁾ and a⁽ˡ⁾ — backpropagation needs a⁽⁰⁾ for ∂L/∂W⁽¹⁾ = δ⁽¹⁾(a⁽⁰⁾)ᵀ.',
        zh: '你的 z 和 a 只有 L 个元素，从第 1 层开始。请按书中的下标：a[0] = x（即 a⁽⁰⁾），z[0] = []，这样 z[l]、a[l] 就是 z⁽ˡ⁾、a⁽ˡ⁾——反向传播计算 ∂L/∂W⁽¹⁾ = δ⁽¹⁾(a⁽⁰⁾)ᵀ 时需要 a⁽⁰⁾。',
      },
    },
    'shared-activation': {
      hint: {
        en: 'Every layer of yours uses the first layer\'s activation. Each layer l has its own f_l: read layers[l − 1].activation inside the loop.',
        zh: '你的每一层都使用了第一层的激活函数。每一层 l 有自己的 f_l：请在循环内读取 layers[l − 1].activation。',
      },
    },
  },
});
