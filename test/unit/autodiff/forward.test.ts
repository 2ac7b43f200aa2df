import { describe, expect, it } from 'vitest';
import {
  add,
  createRng,
  crossEntropyWithLogits,
  dual,
  exp,
  jacobianForward,
  jacobianReverse,
  jvp,
  linear,
  mlp,
  mul,
  relu,
  scalar,
  sigmoid,
  softmax,
  sum,
  tanh,
  tensor,
  valueAndGrad,
  type Tensor,
} from '../../../lib/autodiff';
import { expectArrayClose, randomTensor } from './helpers';

describe('forward mode (dual tensors)', () => {
  it('the book’s example: ∂f/∂w = 0.25 at x = 1, w = 0, b = 0 in one forward pass', () => {
    const f = (w: Tensor, b: Tensor) => sigmoid(add(mul(1, w), b));
    expect(jvp(f, [scalar(0), scalar(0)], [1, 0]).tangent.item()).toBe(0.25); // direction w
    expect(jvp(f, [scalar(0), scalar(0)], [0, 1]).tangent.item()).toBe(0.25); // direction b
  });

  it('a dual tensor carries its tangent through every op', () => {
    const x = dual(tensor([1, 2]), [1, 0]);
    const y = exp(mul(x, x)); // d/dx₀ exp(x₀²) = 2x₀ exp(x₀²)
    expectArrayClose(y.tangent!, [2 * Math.E, 0], 1e-15);
  });

  it('returns a value and tangent of the output’s shape', () => {
    const { value, tangent } = jvp((x) => softmax(x), [tensor([[1, 2], [3, 5]])], [[[1, 0], [0, 0]]]);
    expect(value.shape).toEqual([2, 2]);
    expect(tangent.shape).toEqual([2, 2]);
    expect(tangent.data[2]).toBe(0);
  });

  it('does not touch the inputs or record a reverse graph', () => {
    const W = tensor([[1, 2]], { requiresGrad: true });
    const { value } = jvp((x) => linear(x, W), [tensor([1, 1])], [[1, 0]]);
    expect(value.requiresGrad).toBe(false);
    expect(W.grad).toBeNull();
  });
});

describe('Jacobians: N forward passes or M reverse passes (§4.5)', () => {
  it('agree, and cost inputs-many vs outputs-many passes', () => {
    const rng = createRng('jacobian');
    const W = randomTensor(rng, [3, 5]);
    const f = (x: Tensor) => tanh(linear(x, W)); // R⁵ → R³
    const x = randomTensor(rng, [5]);
    const fwd = jacobianForward(f, x);
    const rev = jacobianReverse(f, x);
    expect(fwd.jacobian.shape).toEqual([3, 5]);
    expectArrayClose(fwd.jacobian.data, rev.jacobian.data, 1e-14, 1e-15);
    expect(fwd.passes).toBe(5);
    expect(rev.passes).toBe(3);
  });

  it('for a scalar loss of many parameters, one reverse pass gives the whole gradient', () => {
    const net = mlp({ sizes: [4, 6, 3], activations: ['relu'], seed: 3 });
    const X = randomTensor(createRng('x'), [2, 4]);
    const loss = (W1: Tensor) => crossEntropyWithLogits(linear(relu(linear(X, W1, net.layers[0].b)), net.layers[1].W, net.layers[1].b), [0, 2]);
    const W1 = net.layers[0].W;
    const { grads } = valueAndGrad(loss, [W1]);
    const fwd = jacobianForward(loss, W1);
    expect(fwd.passes).toBe(24); // one per weight
    expectArrayClose(fwd.jacobian.data, grads[0], 1e-13, 1e-15);
  });

  it('sum of squares: jvp is ⟨2x, v⟩', () => {
    const { tangent } = jvp((x) => sum(mul(x, x)), [tensor([1, 2, 3])], [[1, 1, 1]]);
    expect(tangent.item()).toBe(12);
  });
});
