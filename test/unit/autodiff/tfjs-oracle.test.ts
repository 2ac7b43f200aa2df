// An independent oracle: gradients of random MLPs against TensorFlow.js (CPU backend, float32).
// Both engines get the same float32-representable weights and inputs, so differences come only
// from tfjs's float32 arithmetic; tolerances are set accordingly.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRng,
  crossEntropy,
  crossEntropyWithLogits,
  elu,
  gelu,
  geluSigmoid,
  geluTanh,
  hardTanh,
  leakyRelu,
  linear,
  maxout,
  mlp,
  prelu,
  relu,
  sigmoid,
  softmax,
  softplus,
  swish,
  tanh,
  Tensor,
  type Rng,
} from '../../../lib/autodiff';

beforeAll(async () => {
  tf.env().set('PROD', true); // no "install tfjs-node" banner (IS_TEST would also do, but adds leak checks tfjs's own ops fail)
  await tf.setBackend('cpu');
  await tf.ready();
});

const SIZES = [5, 6, 4, 3];
const BATCH = 4;

/** A float32-representable random tensor (so tfjs sees exactly the same numbers). */
function f32Tensor(rng: Rng, shape: number[], lo: number, hi: number, requiresGrad = false): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Float64Array.from({ length: size }, () => Math.fround(rng.uniform(lo, hi)));
  return new Tensor(data, shape, { requiresGrad });
}

const toTf = (t: Tensor): tf.Tensor => tf.tensor(Float32Array.from(t.data), t.shape);

interface Case {
  name: string;
  ours: (z: Tensor, p: Tensor | null) => Tensor;
  theirs: (z: tf.Tensor, p: tf.Tensor | null) => tf.Tensor;
  /** A learnable per-neuron parameter (PReLU's γ, Swish's β): its initial range. */
  param?: [number, number];
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

const CASES: Case[] = [
  { name: 'sigmoid', ours: (z) => sigmoid(z), theirs: (z) => tf.sigmoid(z) },
  { name: 'tanh', ours: (z) => tanh(z), theirs: (z) => tf.tanh(z) },
  { name: 'relu', ours: (z) => relu(z), theirs: (z) => tf.relu(z) },
  { name: 'leakyRelu', ours: (z) => leakyRelu(z, 0.2), theirs: (z) => tf.leakyRelu(z, 0.2) },
  { name: 'prelu (learnable γ)', ours: (z, g) => prelu(z, g!), theirs: (z, g) => tf.prelu(z, g!), param: [0.05, 0.5] },
  { name: 'elu', ours: (z) => elu(z), theirs: (z) => tf.elu(z) },
  { name: 'softplus', ours: (z) => softplus(z), theirs: (z) => tf.softplus(z) },
  {
    name: 'swish (learnable β)',
    ours: (z, b) => swish(z, b!),
    theirs: (z, b) => tf.mul(z, tf.sigmoid(tf.mul(z, b!))),
    param: [0.5, 2],
  },
  {
    name: 'gelu (erf)',
    ours: (z) => gelu(z),
    theirs: (z) => tf.mul(tf.mul(0.5, z), tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2)))),
  },
  {
    name: 'geluTanh',
    ours: (z) => geluTanh(z),
    theirs: (z) => tf.mul(tf.mul(0.5, z), tf.add(1, tf.tanh(tf.mul(SQRT_2_OVER_PI, tf.add(z, tf.mul(0.044715, tf.pow(z, 3))))))),
  },
  { name: 'geluSigmoid', ours: (z) => geluSigmoid(z), theirs: (z) => tf.mul(z, tf.sigmoid(tf.mul(1.702, z))) },
  { name: 'hardTanh', ours: (z) => hardTanh(z), theirs: (z) => tf.clipByValue(z, -1, 1) },
];

/** max |a − b| ≤ atol + rtol·max|b|, tensor-wise (float32 reference). */
function expectCloseToTf(ours: Float64Array, theirs: ArrayLike<number>, label: string): void {
  expect(ours.length, label).toBe(theirs.length);
  let scale = 0;
  let err = 0;
  for (let i = 0; i < ours.length; i++) {
    scale = Math.max(scale, Math.abs(theirs[i]));
    err = Math.max(err, Math.abs(ours[i] - theirs[i]));
  }
  expect(err, `${label}: max error ${err} at scale ${scale}`).toBeLessThanOrEqual(1e-7 + 4e-6 * scale);
}

describe('gradients of random MLPs agree with TensorFlow.js', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const rng = createRng(`oracle/${c.name}`);
      const X = f32Tensor(rng, [BATCH, SIZES[0]], -2, 2);
      const labels = Array.from({ length: BATCH }, () => rng.int(0, SIZES[SIZES.length - 1]));
      const layers = SIZES.slice(1).map((m, l) => {
        const bound = Math.sqrt(6 / (SIZES[l] + m));
        return { W: f32Tensor(rng, [m, SIZES[l]], -bound, bound, true), b: f32Tensor(rng, [m], -0.5, 0.5, true) };
      });
      const params = SIZES.slice(1, -1).map((m) => (c.param ? f32Tensor(rng, [m], c.param[0], c.param[1], true) : null));

      // lib/autodiff
      let a = X;
      layers.forEach(({ W, b }, l) => {
        const z = linear(a, W, b);
        a = l < layers.length - 1 ? c.ours(z, params[l]) : z;
      });
      const loss = crossEntropyWithLogits(a, labels);
      loss.backward();

      // tfjs: the same layout, W is [M_l, M_{l−1}] and z = a·Wᵀ + b
      const tfX = toTf(X);
      const tfY = tf.oneHot(tf.tensor1d(labels, 'int32'), SIZES[SIZES.length - 1]);
      const ours = [...layers.flatMap(({ W, b }) => [W, b]), ...params.filter((p): p is Tensor => p !== null)];
      const vars = ours.map((t) => tf.variable(toTf(t)));
      const nLayers = layers.length;
      const { value, grads } = tf.variableGrads(() => {
        let h = tfX;
        for (let l = 0; l < nLayers; l++) {
          const z = tf.add(tf.matMul(h, vars[2 * l], false, true), vars[2 * l + 1]);
          h = l < nLayers - 1 ? c.theirs(z, c.param ? vars[2 * nLayers + l] : null) : z;
        }
        return tf.losses.softmaxCrossEntropy(tfY, h) as tf.Scalar;
      }, vars);

      expect(Math.abs(loss.item() - value.dataSync()[0])).toBeLessThan(1e-5 * Math.max(1, loss.item()));
      ours.forEach((t, i) => expectCloseToTf(t.grad!, grads[vars[i].name].dataSync(), `${c.name} parameter ${i}`));
      tf.dispose([value, tfX, tfY, ...vars, ...Object.values(grads)]);
    });
  }

  it('mlp() with ReLU, and cross-entropy of softmax probabilities', () => {
    const rng = createRng('oracle/mlp');
    const net = mlp({ sizes: [6, 8, 5], activations: ['relu'], output: 'softmax', seed: 'oracle' });
    for (const p of net.parameters()) p.data.forEach((v, i) => (p.data[i] = Math.fround(v)));
    const X = f32Tensor(rng, [3, 6], -1, 1);
    const Y = [[0, 1, 0, 0, 0], [0, 0, 0, 0, 1], [1, 0, 0, 0, 0]];
    const loss = crossEntropy(softmax(net.forward(X)), Y);
    loss.backward();

    const vars = net.parameters().map((t) => tf.variable(toTf(t)));
    const tfX = toTf(X);
    const tfY = tf.tensor2d(Y);
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.relu(tf.add(tf.matMul(tfX, vars[0], false, true), vars[1]));
      const p = tf.softmax(tf.add(tf.matMul(h, vars[2], false, true), vars[3]));
      return tf.neg(tf.mean(tf.sum(tf.mul(tfY, tf.log(p)), 1))) as tf.Scalar;
    }, vars);
    expect(Math.abs(loss.item() - value.dataSync()[0])).toBeLessThan(1e-5);
    net.parameters().forEach((t, i) => expectCloseToTf(t.grad!, grads[vars[i].name].dataSync(), `mlp parameter ${i}`));
    tf.dispose([value, tfX, tfY, ...vars, ...Object.values(grads)]);
  });

  it('maxout (K = 3 pieces) against tf.max', () => {
    const rng = createRng('oracle/maxout');
    const [K, M, N] = [3, 4, 5];
    const X = f32Tensor(rng, [BATCH, N], -2, 2);
    const W = f32Tensor(rng, [K, M, N], -1, 1, true);
    const b = f32Tensor(rng, [K, M], -0.5, 0.5, true);
    const V = f32Tensor(rng, [2, M], -1, 1, true);
    const loss = crossEntropyWithLogits(linear(maxout(X, W, b), V), [0, 1, 1, 0]);
    loss.backward();

    const [tW, tb, tV] = [W, b, V].map((t) => tf.variable(toTf(t)));
    const tfX = toTf(X);
    const tfY = tf.oneHot(tf.tensor1d([0, 1, 1, 0], 'int32'), 2);
    const { value, grads } = tf.variableGrads(() => {
      // z[n, k, m] = Σ_j W[k, m, j]·x[n, j] + b[k, m]
      const z = tf.add(tf.reshape(tf.matMul(tfX, tf.reshape(tW, [K * M, N]), false, true), [BATCH, K, M]), tb);
      const h = tf.max(z, 1);
      return tf.losses.softmaxCrossEntropy(tfY, tf.matMul(h, tV, false, true)) as tf.Scalar;
    }, [tW, tb, tV] as tf.Variable[]);
    expect(Math.abs(loss.item() - value.dataSync()[0])).toBeLessThan(1e-5);
    [W, b, V].forEach((t, i) => expectCloseToTf(t.grad!, grads[[tW, tb, tV][i].name].dataSync(), `maxout parameter ${i}`));
    tf.dispose([value, tfX, tfY, tW, tb, tV, ...Object.values(grads)]);
  });
});
