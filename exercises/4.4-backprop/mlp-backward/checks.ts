import { check, defineChecks, entryLabel, sup, tolerances, type InputPart, type InputRng, type Path, type Place } from '../../../grader/harness';
import {
  activationsByName,
  crossEntropyWithLogits,
  linear,
  numericGradient,
  tensor,
  toNested,
  valueAndGrad,
  type Tensor,
} from '../../../lib/autodiff';
import type * as Starter from './starter';

type Activation = 'sigmoid' | 'tanh' | 'relu';
const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu'];

interface Net {
  W: number[][][];
  b: number[][];
  activation: Activation;
}
interface Input {
  net: Net;
  x: number[];
  y: number[];
}
interface Grads {
  dW: number[][][];
  db: number[][];
}

const call = (m: typeof Starter, input: Input) => m.backward(input.net, input.x, input.y);

// ---------------------------------------------------------------------------------------------
// Reference: the network built from lib/autodiff tensors, L = cross-entropy(softmax(z⁽ᴸ⁾), y).

function params({ net }: Input): Tensor[] {
  return [...net.W.map((W) => tensor(W)), ...net.b.map((b) => tensor(b))];
}

/** L as a function of W⁽¹⁾ … W⁽ᴸ⁾, b⁽¹⁾ … b⁽ᴸ⁾ (in that order). */
function lossOf({ net, x, y }: Input) {
  const L = net.W.length;
  const f = activationsByName[net.activation];
  return (...p: Tensor[]): Tensor => {
    let a = tensor(x);
    for (let k = 0; k < L; k++) {
      const z = linear(a, p[k]!, p[L + k]!);
      a = k < L - 1 ? f(z) : z;
    }
    return crossEntropyWithLogits(a, y);
  };
}

function asGrads(input: Input, flat: Float64Array[]): Grads {
  const L = input.net.W.length;
  const p = params(input);
  const nested = flat.map((g, i) => toNested(g, p[i]!.shape));
  return { dW: nested.slice(0, L) as number[][][], db: nested.slice(L) as number[][] };
}

const expected = (input: Input): Grads => asGrads(input, valueAndGrad(lossOf(input), params(input)).grads);
const numeric = (input: Input): Grads => asGrads(input, numericGradient(lossOf(input), params(input)));


// ---------------------------------------------------------------------------------------------
// Feedback: name places in the book's notation, layer l = k + 1.

function locate(path: Path, locale: 'en' | 'zh'): Place {
  const [field, k, i, j] = path;
  if ((field !== 'dW' && field !== 'db') || typeof k !== 'number') return { label: path.length === 0 ? (locale === 'zh' ? '答案' : 'the answer') : String(field) };
  const layer = k + 1;
  const name = `∂L/∂${field === 'dW' ? 'W' : 'b'}⁽${sup(layer)}⁾`;
  if (typeof i !== 'number') return { label: name, layer };
  if (typeof j !== 'number') return { label: entryLabel(name, [i], locale), layer, row: i };
  return { label: entryLabel(name, [i, j], locale), layer, row: i, col: j };
}

/** Names of the input's parts as the statement writes them: ['net', 'W', 0, …] is W⁽¹⁾. */
function nameInput(path: Path): string {
  const [a, b, k] = path;
  if (a === 'net' && (b === 'W' || b === 'b') && typeof k === 'number') return `${b}⁽${sup(k + 1)}⁾`;
  if (a === 'net') return String(b ?? 'net');
  return String(a ?? 'input');
}

function describe({ net, x }: Input, locale: 'en' | 'zh'): string {
  const sizes = [x.length, ...net.W.map((W) => W.length)].join('→');
  return locale === 'zh' ? `各层宽度 ${sizes}，隐藏层激活函数 f = ${net.activation}，输出层 softmax` : `sizes ${sizes}, hidden f = ${net.activation}, output softmax`;
}

/** x, y and every layer's W⁽ˡ⁾ and b⁽ˡ⁾, as vectors and matrices. */
function show({ net, x, y }: Input): InputPart[] {
  return [
    { name: 'x', value: x },
    { name: 'y', value: y },
    ...net.W.flatMap((W, k) => [
      { name: `W⁽${sup(k + 1)}⁾`, value: W },
      { name: `b⁽${sup(k + 1)}⁾`, value: net.b[k]! },
    ]),
  ];
}
// ---------------------------------------------------------------------------------------------
// Inputs

/** Integer in [lo, hi] whatever the generator's convention for its upper bound. */
function between(rng: InputRng, lo: number, hi: number): number {
  return Math.min(hi, lo + Math.floor(rng.uniform(0, hi - lo + 1)));
}

/** Hidden net inputs z⁽ˡ⁾ of the network at x (plain arithmetic; used to keep ReLU off its kink). */
function hiddenNetInputs({ net, x }: Input): number[] {
  const f = { sigmoid: (v: number) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh, relu: (v: number) => Math.max(0, v) }[net.activation];
  const out: number[] = [];
  let a = x;
  for (let k = 0; k < net.W.length - 1; k++) {
    const z = net.W[k]!.map((row, i) => row.reduce((s, w, j) => s + w * a[j]!, net.b[k]![i]!));
    out.push(...z);
    a = z.map(f);
  }
  return out;
}

/**
 * A network with the given layer widths M_0 … M_L and a one-hot target. Every hidden net input is
 * at least 1e-3 away from 0, so ReLU's kink is never inside a central difference. `outputScale`
 * multiplies the last layer to make the logits large.
 */
function randomInput(rng: InputRng, sizes: number[], activation: Activation, outputScale = 1): Input {
  for (;;) {
    const L = sizes.length - 1;
    const W = Array.from({ length: L }, (_, k) =>
      Array.from({ length: sizes[k + 1]! }, () => Array.from({ length: sizes[k]! }, () => rng.uniform(-1.2, 1.2) * (k === L - 1 ? outputScale : 1))),
    );
    const b = Array.from({ length: L }, (_, k) => Array.from({ length: sizes[k + 1]! }, () => rng.uniform(-0.5, 0.5) * (k === L - 1 ? outputScale : 1)));
    const x = Array.from({ length: sizes[0]! }, () => rng.uniform(-2, 2));
    const C = sizes[L]!;
    const target = between(rng, 0, C - 1);
    const input: Input = { net: { W, b, activation }, x, y: Array.from({ length: C }, (_, c) => (c === target ? 1 : 0)) };
    if (hiddenNetInputs(input).every((z) => Math.abs(z) > 1e-3)) return input;
  }
}

function randomSizes(rng: InputRng, hidden: number): number[] {
  return [between(rng, 2, 5), ...Array.from({ length: hidden }, () => between(rng, 1, 7)), between(rng, 2, 5)];
}

const EXAMPLE: Input = {
  net: {
    W: [
      [
        [1, -1],
        [0.5, 0.5],
        [-1, 2],
      ],
      [
        [1, 0, -1],
        [0, 1, 1],
      ],
    ],
    b: [
      [0, 0, -1],
      [0, 0],
    ],
    activation: 'relu',
  },
  x: [1, 2],
  y: [1, 0],
};

/** z⁽¹⁾ = (0, 3, −1.5) at x = (1, 2): the first hidden unit sits exactly on ReLU's kink. */
const RELU_AT_ZERO: Input = {
  net: {
    W: [
      [
        [2, -1],
        [1, 1],
        [0.5, -1],
      ],
      [
        [1, -2, 0.5],
        [0.5, 1, -1],
      ],
    ],
    b: [
      [0, 0, 0],
      [0.1, -0.2],
    ],
    activation: 'relu',
  },
  x: [1, 2],
  y: [0, 1],
};

const common = { call, expected, numeric, describe, show, locate, nameInput, kind: 'gradient' as const, heatmap: true };

export default defineChecks<typeof Starter>({
  tolerance: tolerances.linearAlgebra,
  checks: [
    check({
      ...common,
      name: 'examples',
      title: { en: 'The worked example in the statement', zh: '题目中的计算示例' },
      visibility: 'example',
      points: 3,
      inputs: [EXAMPLE],
    }),
    check({
      ...common,
      name: 'one-hidden-layer',
      title: { en: 'One hidden layer: sigmoid, tanh and ReLU', zh: '一个隐藏层：Logistic、Tanh 与 ReLU' },
      points: 5,
      inputs: (rng) => ACTIVATIONS.flatMap((f) => Array.from({ length: 4 }, () => randomInput(rng, randomSizes(rng, 1), f))),
    }),
    check({
      ...common,
      name: 'deep',
      title: { en: 'Two and three hidden layers of different widths', zh: '两个和三个宽度各不相同的隐藏层' },
      points: 6,
      inputs: (rng) => ACTIVATIONS.flatMap((f) => [2, 3, 2, 3].map((hidden) => randomInput(rng, randomSizes(rng, hidden), f))),
    }),
    check({
      ...common,
      name: 'shapes',
      title: { en: 'Unusual shapes: one-neuron layers, wide and narrow layers', zh: '特殊形状：单个神经元的层、很宽和很窄的层' },
      points: 3,
      inputs: (rng) =>
        [
          [1, 1, 2],
          [1, 8, 2],
          [8, 1, 3],
          [6, 2, 7, 4],
          [3, 9, 1, 9, 2],
          [10, 10, 10],
          [2, 3, 4, 5, 6],
          [12, 4, 2],
          [2, 12, 7],
        ].map((sizes, i) => randomInput(rng, sizes, ACTIVATIONS[i % ACTIVATIONS.length]!)),
    }),
    check({
      ...common,
      name: 'large-logits',
      title: { en: 'Confident outputs: logits in the thousands', zh: '置信度很高的输出：数千量级的 z⁽ᴸ⁾' },
      points: 3,
      inputs: (rng) => ACTIVATIONS.flatMap((f) => [randomInput(rng, [3, 4, 3], f, 1500), randomInput(rng, [4, 5, 3, 2], f, 1500)]),
    }),
    check({
      ...common,
      // At the kink a central difference straddles both slopes; the statement's ReLU′(0) = 0 decides.
      numeric: undefined,
      name: 'relu-at-zero',
      title: { en: 'ReLU with a hidden net input exactly 0, where ReLU′(0) = 0', zh: 'ReLU 隐藏层的净输入恰好为 0，此处 ReLU′(0) = 0' },
      points: 1,
      inputs: [RELU_AT_ZERO],
    }),
  ],
  mistakes: {
    'sign-flip': {
      hint: {
        en: 'Every gradient has the wrong sign. For softmax with cross-entropy the output error is δ⁽ᴸ⁾ = ∂L/∂z⁽ᴸ⁾ = ŷ − y (prediction minus target), not y − ŷ: raising the logit of a class predicted too high must increase the loss.',
        zh: '所有梯度的符号都反了。Softmax 加交叉熵时，输出层的误差项为 δ⁽ᴸ⁾ = ∂L/∂z⁽ᴸ⁾ = ŷ − y（预测减目标），而不是 y − ŷ：提高一个已经预测过高的类别的得分，损失应当增大。',
      },
    },
    'transposed-dw': {
      hint: {
        en: 'Your ∂L/∂W⁽ˡ⁾ is the transpose of the right one. It must have the shape of W⁽ˡ⁾, M_l × M_{l−1}: ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ, so entry [i][j] is δ⁽ˡ⁾_i · a⁽ˡ⁻¹⁾_j.',
        zh: '你的 ∂L/∂W⁽ˡ⁾ 是正确结果的转置。它必须与 W⁽ˡ⁾ 形状相同，即 M_l × M_{l−1}：∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ，第 [i][j] 项为 δ⁽ˡ⁾_i · a⁽ˡ⁻¹⁾_j。',
      },
    },
    'uses-current-activation': {
      hint: {
        en: 'You multiplied δ⁽ˡ⁾ by the layer\'s own activation a⁽ˡ⁾. The weight w⁽ˡ⁾_ij multiplies the layer\'s input, so ∂z⁽ˡ⁾_i/∂w⁽ˡ⁾_ij = a⁽ˡ⁻¹⁾_j and ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ, with a⁽⁰⁾ = x for the first layer.',
        zh: '你用 δ⁽ˡ⁾ 乘的是本层自己的活性值 a⁽ˡ⁾。权重 w⁽ˡ⁾_ij 乘的是本层的输入，所以 ∂z⁽ˡ⁾_i/∂w⁽ˡ⁾_ij = a⁽ˡ⁻¹⁾_j，∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾(a⁽ˡ⁻¹⁾)ᵀ，第一层的 a⁽⁰⁾ = x。',
      },
    },
    'no-hidden-derivative': {
      hint: {
        en: 'The output layer is right but the hidden layers are not: your hidden error terms are (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾, which is ∂L/∂a⁽ˡ⁾. The error term is with respect to the net input: δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾.',
        zh: '输出层正确，隐藏层不对：你的隐藏层误差项是 (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾，即 ∂L/∂a⁽ˡ⁾。误差项是对净输入的梯度：δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾。',
      },
    },
    'prime-of-activation': {
      hint: {
        en: 'You evaluated the derivative at the activation, f′(a⁽ˡ⁾), instead of at the net input, f′(z⁽ˡ⁾). (For ReLU both happen to agree, which is why only sigmoid and tanh networks fail.) If you want to reuse a⁽ˡ⁾, use the identities σ′(z) = a(1 − a) and tanh′(z) = 1 − a².',
        zh: '你在活性值处求导，即 f′(a⁽ˡ⁾)，而不是在净输入处求导 f′(z⁽ˡ⁾)。（对 ReLU 两者恰好相同，所以只有 Logistic 和 Tanh 网络出错。）若想复用 a⁽ˡ⁾，可用恒等式 σ′(z) = a(1 − a) 与 tanh′(z) = 1 − a²。',
      },
    },
    'naive-softmax': {
      hint: {
        en: 'With logits in the thousands, exp(z⁽ᴸ⁾) overflows and ŷ becomes NaN, which then spreads to every gradient. Compute ŷ = softmax(z⁽ᴸ⁾) with the maximum logit subtracted first, as in the softmax exercise.',
        zh: '当 z⁽ᴸ⁾ 达到数千时，exp(z⁽ᴸ⁾) 溢出，ŷ 变成 NaN，并传播到所有梯度。计算 ŷ = softmax(z⁽ᴸ⁾) 时先减去最大的分量，就像 Softmax 那道练习一样。',
      },
    },
  },
});
