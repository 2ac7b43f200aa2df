import { check, defineChecks, examples, type InputRng } from '../../../grader/harness';
import { mlp } from '../../../lib/autodiff';
import type * as Starter from './starter';

type Counts = { layers: number; weights: number; biases: number; total: number };

const call = (m: typeof Starter, sizes: number[]) => m.countParameters(sizes);

/** Builds the network in the reference engine and counts what it holds. */
function expected(sizes: number[]): Counts {
  const net = mlp({ sizes, activations: 'relu' });
  const weights = net.layers.reduce((s, layer) => s + layer.W.size, 0);
  const biases = net.layers.reduce((s, layer) => s + layer.b.size, 0);
  return { layers: net.layers.length, weights, biases, total: net.parameters().reduce((s, p) => s + p.size, 0) };
}

const describe = (sizes: number[]) => `sizes = [${sizes.join(', ')}]`;

function randomSizes(rng: InputRng, L: number, maxWidth: number): number[] {
  return Array.from({ length: L + 1 }, () => rng.int(1, maxWidth + 1));
}

const common = { call, expected, describe };

export default defineChecks<typeof Starter>({
  tolerance: { abs: 0, rel: 0 },
  checks: [
    examples({
      ...common,
      points: 3,
      inputs: [
        [784, 100, 10],
        [2, 3, 3, 1],
        [4, 1],
      ],
    }),
    check({
      ...common,
      name: 'random',
      title: { en: 'Random networks of 1 to 6 layers', zh: '1 到 6 层的随机网络' },
      points: 4,
      inputs: (rng) => Array.from({ length: 30 }, (_, i) => randomSizes(rng, 1 + (i % 6), 120)),
    }),
    check({
      ...common,
      name: 'narrow-and-deep',
      title: { en: 'Width-1 layers, a single layer and deep networks', zh: '宽度为 1 的层、单层网络与深层网络' },
      points: 3,
      inputs: [
        [1, 1],
        [1, 1, 1, 1],
        [10, 1, 10],
        [3, 5],
        [2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2],
        [784, 512, 256, 128, 10],
      ],
    }),
  ],
  mistakes: {
    'counts-input-layer': {
      hint: {
        en: 'Your layer count includes the input layer. It holds the data a⁽⁰⁾ = x and has no parameters, so it is not counted: sizes [784, 100, 10] describe L = 2 layers.',
        zh: '你的层数把输入层也算进去了。输入层只存放数据 a⁽⁰⁾ = x，没有参数，不计入层数：sizes 为 [784, 100, 10] 的网络有 L = 2 层。',
      },
    },
    'bias-per-input': {
      hint: {
        en: 'Your bias count is Σ M_{l−1}: one bias per input of each layer. A bias belongs to a neuron, so layer l has M_l of them: b⁽ˡ⁾ ∈ R^{M_l}.',
        zh: '你的偏置个数是 Σ M_{l−1}，即每层的每个输入一个偏置。偏置属于神经元，所以第 l 层有 M_l 个：b⁽ˡ⁾ ∈ R^{M_l}。',
      },
    },
    'biases-on-every-layer': {
      hint: {
        en: 'Your bias count includes M₀, as if the input layer had biases. Only layers 1 to L compute z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾; the inputs are data.',
        zh: '你的偏置个数包含了 M₀，好像输入层也有偏置。只有第 1 到 L 层计算 z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾；输入只是数据。',
      },
    },
  },
});
