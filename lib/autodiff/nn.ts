// Feedforward networks in the book's notation: layer l has W⁽ˡ⁾ of shape [M_l, M_{l−1}] and b⁽ˡ⁾
// of shape [M_l];  z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,  a⁽ˡ⁾ = f_l(z⁽ˡ⁾),  a⁽⁰⁾ = x.
// A single sample is a vector [M_0]; a batch is row-major [batch, M_0] (Z = X·Wᵀ + b).

import { activationsByName, prelu, sigmoid, type ActivationName } from './activations';
import { zeroGrad } from './backward';
import { linear } from './linalg';
import { binaryCrossEntropyWithLogits, crossEntropyWithLogits, squaredError, type Targets } from './losses';
import { createRng, type Rng } from './rng';
import { softmax } from './softmax';
import { full, noGrad, Tensor, toTensor, type Nested } from './tensor';

export type Init = 'xavier' | 'he';
export type OutputKind = 'softmax' | 'sigmoid' | 'linear';
export type HiddenActivation = ActivationName | 'prelu';

export interface Dense {
  /** [outputSize, inputSize] */
  W: Tensor;
  /** [outputSize] */
  b: Tensor;
}

/**
 * A dense layer with uniform initial weights and zero biases:
 * 'xavier' (Glorot) draws from ±√(6/(M_{l−1} + M_l)), 'he' from ±√(6/M_{l−1}).
 * Uniform draws only, so a seed gives bit-identical weights on every machine.
 */
export function dense(inputSize: number, outputSize: number, rng: Rng, init: Init = 'xavier'): Dense {
  const limit = init === 'he' ? Math.sqrt(6 / inputSize) : Math.sqrt(6 / (inputSize + outputSize));
  const W = new Float64Array(outputSize * inputSize);
  for (let i = 0; i < W.length; i++) W[i] = rng.uniform(-limit, limit);
  return {
    W: new Tensor(W, [outputSize, inputSize], { requiresGrad: true }),
    b: new Tensor(new Float64Array(outputSize), [outputSize], { requiresGrad: true }),
  };
}

export interface MlpConfig {
  /** Layer widths M_0 (input), M_1, …, M_L (output), e.g. [784, 128, 64, 10]. */
  sizes: number[];
  /** One activation per hidden layer (or one name for all of them). */
  activations: HiddenActivation[] | HiddenActivation;
  /** What turns the logits z⁽ᴸ⁾ into predictions; also picks the loss. Default 'linear'. */
  output?: OutputKind;
  seed?: number | string;
  /** Default: 'he' for ReLU-family hidden layers, 'xavier' otherwise. */
  init?: Init;
  /** Use these weights instead of random ones: W⁽ˡ⁾ as number[][] and b⁽ˡ⁾ as number[] per layer. */
  weights?: { W: number[][]; b: number[] }[];
}

export interface MlpTrace {
  /** z⁽¹⁾ … z⁽ᴸ⁾ (index l − 1). After loss.backward(), z[l − 1].grad is the error term δ⁽ˡ⁾. */
  z: Tensor[];
  /** a⁽⁰⁾ = x, a⁽¹⁾ … a⁽ᴸ⁻¹⁾ (the inputs to each layer). */
  a: Tensor[];
  logits: Tensor;
}

export interface Mlp {
  sizes: number[];
  activations: HiddenActivation[];
  output: OutputKind;
  /** W⁽ˡ⁾, b⁽ˡ⁾ at index l − 1. */
  layers: Dense[];
  /** PReLU slopes γ (one per neuron) for hidden layers that use 'prelu', else null. */
  slopes: (Tensor | null)[];
  /** Every learnable tensor: W⁽¹⁾, b⁽¹⁾, W⁽²⁾, b⁽²⁾, … then any PReLU slopes. */
  params: Tensor[];
  /** A fresh copy of the `params` list. */
  parameters(): Tensor[];
  /** The logits z⁽ᴸ⁾ for a vector [M_0] or a batch [batch, M_0]. */
  forward(x: Tensor | Nested): Tensor;
  /** forward, keeping every z⁽ˡ⁾ and a⁽ˡ⁾. */
  trace(x: Tensor | Nested): MlpTrace;
  /** Predictions: softmax / sigmoid / identity of the logits (no graph recorded). */
  predict(x: Tensor | Nested): Tensor;
  /** The output's natural loss: softmax → cross-entropy, sigmoid → binary CE, linear → squared error. */
  loss(x: Tensor | Nested, targets: Targets): Tensor;
  zeroGrad(): void;
}

const RELU_FAMILY = new Set<HiddenActivation>(['relu', 'leakyRelu', 'prelu', 'elu']);

export function mlp(config: MlpConfig): Mlp {
  const { sizes, seed = 0, output = 'linear' } = config;
  const L = sizes.length - 1;
  if (L < 1) throw new Error('mlp: need at least an input and an output size');
  const activations = typeof config.activations === 'string' ? new Array<HiddenActivation>(L - 1).fill(config.activations) : config.activations.slice();
  if (activations.length !== L - 1) {
    throw new Error(`mlp: ${L - 1} hidden layer(s) need ${L - 1} activation(s), got ${activations.length}`);
  }
  const init = config.init ?? (activations.length > 0 && activations.every((f) => RELU_FAMILY.has(f)) ? 'he' : 'xavier');
  const rng = createRng(seed);
  const layers: Dense[] = [];
  for (let l = 1; l <= L; l++) {
    const given = config.weights?.[l - 1];
    if (given) {
      const layer = { W: toTensor(given.W), b: toTensor(given.b) };
      if (layer.W.shape.join() !== `${sizes[l]},${sizes[l - 1]}` || layer.b.shape.join() !== `${sizes[l]}`) {
        throw new Error(`mlp: layer ${l} needs W [${sizes[l]}, ${sizes[l - 1]}] and b [${sizes[l]}]`);
      }
      layer.W.requiresGrad = true;
      layer.b.requiresGrad = true;
      layers.push(layer);
    } else {
      layers.push(dense(sizes[l - 1], sizes[l], rng, init));
    }
  }
  const slopes = activations.map((f, l) => (f === 'prelu' ? full([sizes[l + 1]], 0.25, { requiresGrad: true }) : null));

  const activate = (l: number, z: Tensor): Tensor => {
    const f = activations[l];
    return f === 'prelu' ? prelu(z, slopes[l] as Tensor) : activationsByName[f](z);
  };

  const trace = (input: Tensor | Nested): MlpTrace => {
    const a: Tensor[] = [toTensor(input)];
    const z: Tensor[] = [];
    for (let l = 0; l < L; l++) {
      z.push(linear(a[l], layers[l].W, layers[l].b));
      if (l < L - 1) a.push(activate(l, z[l]));
    }
    return { z, a, logits: z[L - 1] };
  };

  const params = [...layers.flatMap(({ W, b }) => [W, b]), ...slopes.filter((s): s is Tensor => s !== null)];

  const net: Mlp = {
    sizes: sizes.slice(),
    activations,
    output,
    layers,
    slopes,
    params,
    parameters: () => params.slice(),
    trace,
    forward: (x) => {
      let a = toTensor(x);
      for (let l = 0; l < L; l++) {
        const z = linear(a, layers[l].W, layers[l].b);
        a = l < L - 1 ? activate(l, z) : z;
      }
      return a;
    },
    predict: (x) =>
      noGrad(() => {
        const logits = net.forward(x);
        return output === 'softmax' ? softmax(logits) : output === 'sigmoid' ? sigmoid(logits) : logits;
      }),
    loss: (x, targets) => {
      const logits = net.forward(x);
      if (output === 'softmax') return crossEntropyWithLogits(logits, targets);
      if (output === 'sigmoid') return binaryCrossEntropyWithLogits(logits, targets);
      return squaredError(logits, targets);
    },
    zeroGrad: () => zeroGrad(net.parameters()),
  };
  return net;
}

/** Plain gradient descent on leaves: θ ← θ − α·∂L/∂θ, then forget the gradient. */
export function sgdStep(params: Tensor[], learningRate: number): void {
  for (const p of params) {
    if (p.grad === null) continue;
    for (let i = 0; i < p.data.length; i++) p.data[i] -= learningRate * p.grad[i];
    p.grad = null;
  }
}
