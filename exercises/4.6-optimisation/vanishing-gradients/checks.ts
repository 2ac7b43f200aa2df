import { check, defineChecks, examples, type InputRng, type Path } from '../../../grader/harness';
import { crossEntropyWithLogits, mlp, tensor } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Activation = 'sigmoid' | 'tanh' | 'relu';
interface Layer {
  W: number[][];
  b: number[];
}
interface Network {
  activation: Activation;
  layers: Layer[];
}
interface Input {
  net: Network;
  x: number[];
  y: number[];
}
interface LayerInput extends Input {
  /** which δ⁽ˡ⁾ to report, 1-based */
  layer: number;
}

/**
 * The reference engine's δ⁽ˡ⁾: after backward() from the cross-entropy, the gradient held by each
 * net input z⁽ˡ⁾ of the trace is exactly ∂L/∂z⁽ˡ⁾.
 */
function referenceNorms({ net, x, y }: Input): number[] {
  const sizes = [x.length, ...net.layers.map((l) => l.W.length)];
  const model = mlp({ sizes, activations: net.activation, output: 'softmax', weights: net.layers });
  const trace = model.trace(x);
  crossEntropyWithLogits(trace.logits, tensor(y)).backward();
  return trace.z.map((z) => Math.hypot(...(z.grad ?? new Float64Array(z.size))));
}

const sizesOf = ({ net, x }: Input) => [x.length, ...net.layers.map((l) => l.W.length)];
const describe = (input: Input) => `${input.net.layers.length}-layer ${input.net.activation} network, widths ${sizesOf(input).join('-')}, true class ${input.y.indexOf(1)}`;
const describeLayer = (input: LayerInput) => `${describe(input)}: log₁₀‖δ⁽${input.layer}⁾‖`;
const locate = (path: Path) => (typeof path[0] === 'number' ? { label: `‖δ⁽${path[0] + 1}⁾‖`, layer: path[0] + 1 } : { label: 'the answer' });

/** Glorot (sigmoid, tanh) or He (ReLU) uniform initialisation, small random biases. */
function randomNetwork(rng: InputRng, sizes: number[], activation: Activation): Network {
  const layers = sizes.slice(1).map((rows, l) => {
    const fanIn = sizes[l]!;
    const limit = activation === 'relu' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + rows));
    return {
      W: Array.from({ length: rows }, () => Array.from({ length: fanIn }, () => rng.uniform(-limit, limit))),
      b: Array.from({ length: rows }, () => rng.uniform(-0.1, 0.1)),
    };
  });
  return { activation, layers };
}

function randomInput(rng: InputRng, sizes: number[], activation: Activation): Input {
  const C = sizes[sizes.length - 1]!;
  const c = rng.int(0, C);
  return {
    net: randomNetwork(rng, sizes, activation),
    x: Array.from({ length: sizes[0]! }, () => rng.uniform(-1, 1)),
    y: Array.from({ length: C }, (_, k) => (k === c ? 1 : 0)),
  };
}

const DEEP = [4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 3];
/** One deep network, asked for each of its layers: the plot shows log₁₀‖δ⁽ˡ⁾‖ against l. */
const perLayer = (rng: InputRng, activation: Activation): LayerInput[] => {
  // In a ReLU network one x can leave most units of a layer inactive, shrinking that layer's δ for
  // reasons that have nothing to do with depth (or zeroing it: log = −∞). Such draws are skipped
  // so that the plot shows the effect of depth alone.
  const unlucky = (norms: number[]) => activation === 'relu' && norms.some((n) => !(n > 0.05 * Math.max(...norms)));
  let input = randomInput(rng, DEEP, activation);
  while (unlucky(referenceNorms(input))) input = randomInput(rng, DEEP, activation);
  return Array.from({ length: DEEP.length - 1 }, (_, l) => ({ ...input, layer: l + 1 }));
};

const callLayer = (m: typeof Starter, i: LayerInput) => Math.log10(m.deltaNorms(i.net, i.x, i.y)[i.layer - 1]);
const expectedLayer = (i: LayerInput) => Math.log10(referenceNorms(i)[i.layer - 1]!);

const EXAMPLE: Input = {
  net: {
    activation: 'sigmoid',
    layers: [
      {
        W: [
          [1, -1],
          [0.5, 2],
          [-1, 1],
        ],
        b: [0, 0, 0],
      },
      {
        W: [
          [1, 0, -1],
          [2, 1, 1],
        ],
        b: [0, 0],
      },
      {
        W: [
          [1, -1],
          [-1, 1],
        ],
        b: [0, 0],
      },
    ],
  },
  x: [1, 1],
  y: [1, 0],
};

/**
 * Weights in the hundreds: z⁽¹⁾ = (900, −1000, 1) saturates two units (σ′ underflows to 0) and the
 * logits are ±1000, so e^z overflows unless σ and the softmax are computed stably. The target is
 * the class the network gets wrong, so δ⁽²⁾ = ŷ − y is not 0.
 */
const SATURATED: Input = {
  net: {
    activation: 'sigmoid',
    layers: [
      {
        W: [
          [800, -100],
          [-900, 100],
          [2, 1],
        ],
        b: [0, 0, 0],
      },
      {
        W: [
          [1000, -5, 2],
          [-1000, 5, 1],
        ],
        b: [0, 0],
      },
    ],
  },
  x: [1, -1],
  y: [0, 1],
};

const tolerance = { abs: 1e-12, rel: 1e-9 };
const call = (m: typeof Starter, i: Input) => m.deltaNorms(i.net, i.x, i.y);
const plot = { x: (i: LayerInput) => i.layer, xLabel: 'layer l', yLabel: 'log₁₀‖δ⁽ˡ⁾‖' };
/** ‖δ⁽ˡ⁾‖ for every layer of the failing network, the student's against the reference, on a log scale. */
const normsPlot = { x: () => 0, xLabel: 'layer l', yLabel: 'log₁₀‖δ⁽ˡ⁾‖', vector: { log10: true } };

export default defineChecks<typeof Starter>({
  checks: [
    examples({
      // One network of the statement, with both of its activations.
      title: { en: 'The example in the statement', zh: '题目中的示例' },
      points: 2,
      call,
      inputs: [EXAMPLE, { ...EXAMPLE, net: { ...EXAMPLE.net, activation: 'relu' as const } }],
      expected: referenceNorms,
      tolerance,
      describe,
      locate,
      plot: normsPlot,
    }),
    check({
      name: 'random-networks',
      title: { en: 'Random networks of 2 to 5 layers, every activation', zh: '2 到 5 层的随机网络，每一种激活函数' },
      points: 3,
      call,
      inputs: (rng) =>
        (['sigmoid', 'tanh', 'relu'] as const).flatMap((f) =>
          Array.from({ length: 6 }, (_, k) => randomInput(rng, Array.from({ length: 3 + (k % 4) }, () => rng.int(2, 7)), f)),
        ),
      expected: referenceNorms,
      tolerance,
      describe,
      locate,
      plot: normsPlot,
    }),
    check({
      name: 'deep-sigmoid',
      title: { en: 'A 10-layer sigmoid network: log₁₀‖δ⁽ˡ⁾‖ layer by layer', zh: '10 层 Logistic 网络：逐层的 log₁₀‖δ⁽ˡ⁾‖' },
      points: 3,
      call: callLayer,
      inputs: (rng) => perLayer(rng, 'sigmoid'),
      expected: expectedLayer,
      tolerance: { abs: 1e-9, rel: 1e-9 },
      describe: describeLayer,
      plot,
    }),
    check({
      name: 'deep-relu',
      title: { en: 'A 10-layer ReLU network: log₁₀‖δ⁽ˡ⁾‖ layer by layer', zh: '10 层 ReLU 网络：逐层的 log₁₀‖δ⁽ˡ⁾‖' },
      points: 2,
      call: callLayer,
      inputs: (rng) => perLayer(rng, 'relu'),
      expected: expectedLayer,
      tolerance: { abs: 1e-9, rel: 1e-9 },
      describe: describeLayer,
      plot,
    }),
    check({
      name: 'saturated',
      title: { en: 'A saturated sigmoid network: net inputs and logits near ±1000', zh: '饱和的 Logistic 网络：净输入与 logits 约为 ±1000' },
      points: 1,
      call,
      inputs: [SATURATED],
      expected: referenceNorms,
      tolerance,
      describe,
      locate,
      plot: normsPlot,
    }),
  ],
  mistakes: {
    'activation-not-derivative': {
      hint: {
        en: 'You multiply by f(z⁽ˡ⁾), the activation itself. The chain rule through a⁽ˡ⁾ = f(z⁽ˡ⁾) contributes its derivative: δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾. For the logistic function f′ = σ(1 − σ) ≤ 0.25 — the source of the vanishing.',
        zh: '你乘的是 f(z⁽ˡ⁾)，即激活函数本身。经过 a⁽ˡ⁾ = f(z⁽ˡ⁾) 的链式法则贡献的是它的导数：δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾。对 Logistic 函数 f′ = σ(1 − σ) ≤ 0.25——这正是梯度消失的来源。',
      },
    },
    'prime-of-activation': {
      hint: {
        en: 'You evaluate f′ at a⁽ˡ⁾ = f(z⁽ˡ⁾) instead of at z⁽ˡ⁾ (for the logistic function: σ(a)(1 − σ(a)) instead of a(1 − a)). The derivative belongs at the net input: f′(z⁽ˡ⁾).',
        zh: '你在 a⁽ˡ⁾ = f(z⁽ˡ⁾) 处而不是在 z⁽ˡ⁾ 处计算 f′（对 Logistic 函数：σ(a)(1 − σ(a)) 而不是 a(1 − a)）。导数应在净输入处取值：f′(z⁽ˡ⁾)。',
      },
    },
    'no-transpose': {
      hint: {
        en: 'You propagate with W⁽ˡ⁺¹⁾δ⁽ˡ⁺¹⁾. Going backwards uses the transpose: (W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾, whose entry j is Σ_i w⁽ˡ⁺¹⁾_ij δ⁽ˡ⁺¹⁾_i — everything neuron j of layer l sends forward.',
        zh: '你用的是 W⁽ˡ⁺¹⁾δ⁽ˡ⁺¹⁾。反向传播要用转置：(W⁽ˡ⁺¹⁾)ᵀδ⁽ˡ⁺¹⁾，其第 j 个分量为 Σ_i w⁽ˡ⁺¹⁾_ij δ⁽ˡ⁺¹⁾_i——即第 l 层神经元 j 向前发出的所有连接。',
      },
    },
    'squared-norm': {
      hint: {
        en: 'Your values are ‖δ⁽ˡ⁾‖², the sum of squares. The Euclidean norm is its square root: ‖δ‖ = √(Σ_i δ_i²).',
        zh: '你的结果是 ‖δ⁽ˡ⁾‖²，即平方和。欧几里得范数是它的平方根：‖δ‖ = √(Σ_i δ_i²)。',
      },
    },
  },
});
