import { describe, expect, it } from 'vitest';
import {
  createRng,
  crossEntropyWithLogits,
  dense,
  index,
  mlp,
  numericGradient,
  sgdStep,
  tensor,
  type HiddenActivation,
  type Tensor,
} from '../../../lib/autodiff';
import { expectArrayClose, randomTensor } from './helpers';

describe('dense', () => {
  it('W is [M_l, M_{l−1}] within the init bound, b is zeros [M_l]', () => {
    const { W, b } = dense(784, 128, createRng(1), 'he');
    expect(W.shape).toEqual([128, 784]);
    expect(b.toNested()).toEqual(new Array(128).fill(0));
    const heLimit = Math.sqrt(6 / 784);
    expect(Math.max(...W.data.map(Math.abs))).toBeLessThanOrEqual(heLimit);
    const xavier = dense(784, 128, createRng(1), 'xavier').W;
    expect(Math.max(...xavier.data.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / (784 + 128)));
    expect(W.requiresGrad && b.requiresGrad).toBe(true);
  });
});

describe('mlp', () => {
  it('the same seed gives identical weights (fixed values, any machine)', () => {
    const net = mlp({ sizes: [3, 2, 1], activations: ['tanh'], seed: 'golden' });
    expect(net.layers[0].W.toNested()).toEqual([
      [0.20665193687798156, 0.9714862937302104, -0.4297758709627343],
      [0.5863986816114863, -0.06045383879781685, -0.6882607605270499],
    ]);
    expect(net.layers[1].W.toNested()).toEqual([[-0.22570846728718208, 1.1847171615639758]]);
    const again = mlp({ sizes: [3, 2, 1], activations: ['tanh'], seed: 'golden' });
    expect(again.layers[0].W.toNested()).toEqual(net.layers[0].W.toNested());
    expect(mlp({ sizes: [3, 2, 1], activations: ['tanh'], seed: 'other' }).layers[0].W.toNested()).not.toEqual(
      net.layers[0].W.toNested(),
    );
  });

  it('784-128-64-10: shapes, and a batch row equals the single-vector forward', () => {
    const net = mlp({ sizes: [784, 128, 64, 10], activations: ['relu', 'relu'], output: 'softmax', seed: 0 });
    expect(net.layers.map((l) => l.W.shape)).toEqual([[128, 784], [64, 128], [10, 64]]);
    expect(net.parameters()).toHaveLength(6);
    const X = randomTensor(createRng('x'), [4, 784], { lo: 0, hi: 1 });
    const Z = net.forward(X);
    expect(Z.shape).toEqual([4, 10]);
    const z2 = net.forward(index(X, 2));
    expect(z2.shape).toEqual([10]);
    expectArrayClose(z2.data, Z.data.subarray(20, 30), 1e-14, 1e-14);
    const P = net.predict(X);
    expect(P.requiresGrad).toBe(false);
    for (let r = 0; r < 4; r++) expect(Math.abs(P.data.subarray(r * 10, r * 10 + 10).reduce((a, b) => a + b) - 1)).toBeLessThan(1e-14);
  });

  it('accepts plain number[] / number[][] input and given weights', () => {
    const net = mlp({
      sizes: [2, 2, 1],
      activations: 'relu',
      weights: [
        { W: [[1, -1], [0.5, 0.5]], b: [0, 1] },
        { W: [[2, 3]], b: [-1] },
      ],
    });
    // a1 = relu([1 − 2, 0.5 + 1 + 1]) = [0, 2.5];  z2 = 2·0 + 3·2.5 − 1
    expect(net.forward([1, 2]).toNested()).toEqual([6.5]);
    expect(net.forward([[1, 2]]).toNested()).toEqual([[6.5]]);
    expect(() => mlp({ sizes: [2, 2, 1], activations: 'relu', weights: [{ W: [[1, 2]], b: [0] }] })).toThrow(/layer 1/);
  });

  it('trace keeps z⁽ˡ⁾ and a⁽ˡ⁾; after backward, z⁽ˡ⁾.grad is the error term δ⁽ˡ⁾', () => {
    const net = mlp({ sizes: [3, 4, 2], activations: ['relu'], output: 'softmax', seed: 5 });
    const x = tensor([0.5, -1, 2]);
    const { z, a, logits } = net.trace(x);
    expect(a.map((t) => t.shape)).toEqual([[3], [4]]); // a⁽⁰⁾ = x, a⁽¹⁾
    expect(z.map((t) => t.shape)).toEqual([[4], [2]]);
    const loss = crossEntropyWithLogits(logits, 1);
    loss.backward();
    // δ⁽ᴸ⁾ = ŷ − y
    const p = net.predict(x).data;
    expectArrayClose(z[1].grad!, [p[0], p[1] - 1], 1e-15, 1e-16);
    // δ⁽¹⁾ = f'(z⁽¹⁾) ⊙ (W⁽²⁾)ᵀ δ⁽²⁾
    const W2 = net.layers[1].W.data;
    const d2 = z[1].grad!;
    const d1 = Array.from(z[0].data, (zi, i) => (zi > 0 ? W2[i] * d2[0] + W2[4 + i] * d2[1] : 0));
    expectArrayClose(z[0].grad!, d1, 1e-15, 1e-16);
    // ∂L/∂W⁽ˡ⁾ = δ⁽ˡ⁾ (a⁽ˡ⁻¹⁾)ᵀ, ∂L/∂b⁽ˡ⁾ = δ⁽ˡ⁾
    const gW1 = d1.flatMap((di) => Array.from(x.data, (xj) => di * xj));
    expectArrayClose(net.layers[0].W.grad!, gW1, 1e-15, 1e-16);
    expectArrayClose(net.layers[0].b.grad!, d1, 1e-15, 1e-16);
  });

  const HIDDEN: HiddenActivation[] = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'prelu', 'elu', 'softplus', 'swish', 'gelu', 'geluTanh', 'geluSigmoid', 'hardTanh', 'hardLogistic', 'linear'];
  for (const act of HIDDEN) {
    it(`gradients through a network with ${act} hidden layers`, () => {
      const net = mlp({ sizes: [3, 4, 3, 2], activations: act, output: 'softmax', seed: act });
      const X = randomTensor(createRng(act), [2, 3]);
      const params = net.parameters();
      const original = params.map((p) => p.detach());
      net.loss(X, [0, 1]).backward();
      // Central differences, moving the network's own parameters.
      const numeric = numericGradient((...ps: Tensor[]) => {
        params.forEach((p, i) => p.data.set(ps[i].data));
        return net.loss(X, [0, 1]);
      }, original);
      params.forEach((p, i) => p.data.set(original[i].data));
      params.forEach((p, i) => expectArrayClose(p.grad!, numeric[i], 1e-5, 1e-7));
    });
  }

  it('loss picks the output’s natural loss', () => {
    const X = [[1, 2]];
    expect(mlp({ sizes: [2, 2], activations: [], output: 'softmax', seed: 1 }).loss(X, [1]).op).toBe('crossEntropyWithLogits');
    expect(mlp({ sizes: [2, 1], activations: [], output: 'sigmoid', seed: 1 }).loss(X, [[1]]).op).toBe('div');
    expect(mlp({ sizes: [2, 1], activations: [], output: 'linear', seed: 1 }).loss(X, [[1]]).op).toBe('div');
    expect(() => mlp({ sizes: [2, 3, 1], activations: [] })).toThrow(/activation/);
  });

  it('gradient descent lowers the loss (SGD with backprop, §4.4)', () => {
    const rng = createRng('sgd');
    const X = randomTensor(rng, [16, 4]);
    const labels = Array.from({ length: 16 }, (_, i) => (X.data[i * 4] + X.data[i * 4 + 1] > 0 ? 1 : 0));
    const net = mlp({ sizes: [4, 8, 2], activations: ['tanh'], output: 'softmax', seed: 2 });
    const first = net.loss(X, labels).item();
    for (let step = 0; step < 100; step++) {
      const loss = net.loss(X, labels);
      loss.backward();
      sgdStep(net.parameters(), 0.5);
    }
    expect(net.loss(X, labels).item()).toBeLessThan(first / 3);
    expect(net.layers[0].W.grad).toBeNull();
  });
});
