// Activation functions on tensors. Most are elementwise f with derivative f' taken from scalar.ts
// (explicit derivatives are more accurate than differentiating the formula's pieces):
//   backward  ∂L/∂x = ∂L/∂a ⊙ f'(x)        tangent  ẋ ↦ f'(x) ⊙ ẋ
// The ones with a learnable parameter (PReLU's γ, Swish's β) broadcast like binary ops.
// Maxout is built from linear, reshape and max.
//
// Subgradients at kinks: relu'(0) = 0; leakyRelu'(0) = prelu'(0) = γ (the book's "x ≤ 0" branch);
// hardLogistic' and hardTanh' are 0 at their kinks; maxout's gradient goes to the first maximal piece.

import { accumulateBroadcast, alignOperands, expand } from './broadcast';
import { linear } from './linalg';
import { max } from './reduce';
import * as scalar from './scalar';
import { reshape } from './shape';
import { gradOf, node, type Operand, type Tensor } from './tensor';

/** Apply f elementwise; f' gives both the backward and the forward-mode rule. */
export function elementwise(x: Tensor, op: string, f: (v: number) => number, fPrime: (v: number) => number): Tensor {
  const xd = x.data;
  const n = xd.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(xd[i]);
  return node(out, x.shape, op, [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < n; i++) gx[i] += g[i] * fPrime(xd[i]);
    },
    tangent: ([tx]) => {
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) t[i] = tx[i] * fPrime(xd[i]);
      return t;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// S-shaped

export function sigmoid(x: Tensor): Tensor {
  return elementwise(x, 'sigmoid', scalar.sigmoid, scalar.sigmoidPrime);
}

/** log σ(x), stable for large |x| (useful for binary cross-entropy). */
export function logSigmoid(x: Tensor): Tensor {
  return elementwise(x, 'logSigmoid', scalar.logSigmoid, (v) => scalar.sigmoid(-v));
}

export function tanh(x: Tensor): Tensor {
  return elementwise(x, 'tanh', Math.tanh, scalar.tanhPrime);
}

export function hardLogistic(x: Tensor): Tensor {
  return elementwise(x, 'hardLogistic', scalar.hardLogistic, scalar.hardLogisticPrime);
}

export function hardTanh(x: Tensor): Tensor {
  return elementwise(x, 'hardTanh', scalar.hardTanh, scalar.hardTanhPrime);
}

// ---------------------------------------------------------------------------------------------
// Ramp

/** max(0, x), written out because it sits in every hidden layer of the benchmark network. */
export function relu(x: Tensor): Tensor {
  const xd = x.data;
  const n = xd.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = xd[i] > 0 ? xd[i] : 0;
  return node(out, x.shape, 'relu', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < n; i++) if (xd[i] > 0) gx[i] += g[i];
    },
    tangent: ([tx]) => {
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) t[i] = xd[i] > 0 ? tx[i] : 0;
      return t;
    },
  });
}

export function leakyRelu(x: Tensor, gamma = 0.01): Tensor {
  return elementwise(
    x,
    'leakyRelu',
    (v) => scalar.leakyRelu(v, gamma),
    (v) => scalar.leakyReluPrime(v, gamma),
  );
}

/**
 * PReLU max(0, x) + γ·min(0, x) with a learnable γ that broadcasts against x (one γ per neuron:
 * γ of shape [M] against x of shape [M] or [batch, M]).  ∂/∂x = 1 or γ,  ∂/∂γ = min(0, x).
 */
export function prelu(x: Tensor, gamma: Operand): Tensor {
  const { x: xt, y: gt, shape, xs, ys: gs } = alignOperands(x, gamma);
  const n = xs.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = xs[i] > 0 ? xs[i] : gs[i] * xs[i];
  return node(out, shape, 'prelu', [xt, gt], {
    backward: (g) => {
      if (xt.requiresGrad) {
        const gx = new Float64Array(n);
        for (let i = 0; i < n; i++) gx[i] = xs[i] > 0 ? g[i] : g[i] * gs[i];
        accumulateBroadcast(xt, gx, shape);
      }
      if (gt.requiresGrad) {
        const gg = new Float64Array(n);
        for (let i = 0; i < n; i++) gg[i] = xs[i] > 0 ? 0 : g[i] * xs[i];
        accumulateBroadcast(gt, gg, shape);
      }
    },
    tangent: ([tx, tg]) => {
      const ex = expand(tx, xt.shape, shape);
      const eg = expand(tg, gt.shape, shape);
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) t[i] = xs[i] > 0 ? ex[i] : gs[i] * ex[i] + xs[i] * eg[i];
      return t;
    },
  });
}

export function elu(x: Tensor, gamma = 1): Tensor {
  return elementwise(
    x,
    'elu',
    (v) => scalar.elu(v, gamma),
    (v) => scalar.eluPrime(v, gamma),
  );
}

/** log(1 + eˣ) in its stable form; derivative σ(x). */
export function softplus(x: Tensor): Tensor {
  return elementwise(x, 'softplus', scalar.softplus, scalar.sigmoid);
}

// ---------------------------------------------------------------------------------------------
// Composite

/**
 * Swish x·σ(βx); β may be a number (constant) or a tensor (learnable, broadcast like PReLU's γ).
 *   ∂/∂x = σ(βx) + βx·σ(βx)(1 − σ(βx))      ∂/∂β = x²·σ(βx)(1 − σ(βx))
 */
export function swish(x: Tensor, beta: Operand = 1): Tensor {
  const { x: xt, y: bt, shape, xs, ys: bs } = alignOperands(x, beta);
  const n = xs.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scalar.swish(xs[i], bs[i]);
  const dx = (i: number) => scalar.swishPrime(xs[i], bs[i]);
  const dbeta = (i: number) => scalar.swishBetaPrime(xs[i], bs[i]);
  return node(out, shape, 'swish', [xt, bt], {
    backward: (g) => {
      if (xt.requiresGrad) accumulateBroadcast(xt, Float64Array.from(g, (gi, i) => gi * dx(i)), shape);
      if (bt.requiresGrad) accumulateBroadcast(bt, Float64Array.from(g, (gi, i) => gi * dbeta(i)), shape);
    },
    tangent: ([tx, tb]) => {
      const ex = expand(tx, xt.shape, shape);
      const eb = expand(tb, bt.shape, shape);
      return Float64Array.from(ex, (t, i) => t * dx(i) + eb[i] * dbeta(i));
    },
  });
}

/** GELU x·Φ(x), exact through erf; derivative Φ(x) + x·φ(x). */
export function gelu(x: Tensor): Tensor {
  return elementwise(x, 'gelu', scalar.gelu, scalar.geluPrime);
}

/** The tanh approximation 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
export function geluTanh(x: Tensor): Tensor {
  return elementwise(x, 'geluTanh', scalar.geluTanh, scalar.geluTanhPrime);
}

/** The sigmoid approximation x·σ(1.702x). */
export function geluSigmoid(x: Tensor): Tensor {
  return elementwise(x, 'geluSigmoid', scalar.geluSigmoid, scalar.geluSigmoidPrime);
}

/**
 * A maxout layer of M units with K pieces each: z_k = W_k·x + b_k (k = 1..K), output max_k z_k.
 * W has shape [K, M, N], b shape [K, M]; x is [N] (→ [M]) or a batch [batch, N] (→ [batch, M]).
 * The gradient flows only through the winning piece (the first one at a tie).
 */
export function maxout(x: Tensor, W: Tensor, b: Tensor): Tensor {
  if (W.rank !== 3) throw new Error(`maxout: W must have shape [K, M, N], got [${W.shape.join(', ')}]`);
  const [K, M, N] = W.shape;
  if (b.rank !== 2 || b.shape[0] !== K || b.shape[1] !== M) {
    throw new Error(`maxout: b must have shape [${K}, ${M}], got [${b.shape.join(', ')}]`);
  }
  const z = linear(x, reshape(W, [K * M, N]), reshape(b, [K * M])); // [K·M] or [batch, K·M]
  const pieces = reshape(z, x.rank === 2 ? [x.shape[0], K, M] : [K, M]);
  return max(pieces, -2);
}

/** The activations that take no parameters, by name (for building networks from a description). */
export const activationsByName = {
  sigmoid,
  tanh,
  hardLogistic,
  hardTanh,
  relu,
  leakyRelu: (x: Tensor) => leakyRelu(x),
  elu: (x: Tensor) => elu(x),
  softplus,
  swish: (x: Tensor) => swish(x),
  gelu,
  geluTanh,
  geluSigmoid,
  linear: (x: Tensor) => x,
} satisfies Record<string, (x: Tensor) => Tensor>;

export type ActivationName = keyof typeof activationsByName;
