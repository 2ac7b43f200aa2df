// Elementwise arithmetic and math. Each op is one block: compute the output, then its rule —
// `backward` (reverse mode: ∂L/∂out → ∂L/∂inputs, accumulated with +=) and `tangent` (forward
// mode: input tangents → output tangent) — side by side.
//
// Binary ops broadcast (numpy rules, see broadcast.ts); their backward computes the local gradient
// at the broadcast shape and hands it to sumToShape, the one place broadcasting is undone.
//
//   op            ∂out/∂a                     ∂out/∂b
//   a + b         1                           1
//   a · b         b                           a
//   a / b         1/b                         −a/b²
//   max(a, b)     [a > b] (+½ at a tie)       [b > a] (+½ at a tie)
//   min(a, b)     [a < b] (+½ at a tie)       [b < a] (+½ at a tie)
//   −a            −1
//   exp(a)        exp(a)
//   log(a)        1/a
//   aᵖ            p·aᵖ⁻¹
//   √a            1/(2√a)
//   |a|           sign(a)  (0 at a = 0)

import { accumulateBroadcast, alignOperands, expand } from './broadcast';
import { asTensor, gradOf, node, type Operand, type Tensor } from './tensor';

export function add(a: Operand, b: Operand): Tensor {
  const { x, y, shape, xs, ys } = alignOperands(a, b);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < out.length; i++) out[i] = xs[i] + ys[i];
  return node(out, shape, 'add', [x, y], {
    backward: (g) => {
      accumulateBroadcast(x, g, shape);
      accumulateBroadcast(y, g, shape);
    },
    tangent: ([tx, ty]) => {
      const ex = expand(tx, x.shape, shape);
      const ey = expand(ty, y.shape, shape);
      const t = new Float64Array(out.length);
      for (let i = 0; i < t.length; i++) t[i] = ex[i] + ey[i];
      return t;
    },
  });
}

export function mul(a: Operand, b: Operand): Tensor {
  const { x, y, shape, xs, ys } = alignOperands(a, b);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < out.length; i++) out[i] = xs[i] * ys[i];
  return node(out, shape, 'mul', [x, y], {
    backward: (g) => {
      if (x.requiresGrad) accumulateBroadcast(x, times(g, ys), shape);
      if (y.requiresGrad) accumulateBroadcast(y, times(g, xs), shape);
    },
    tangent: ([tx, ty]) => {
      const ex = expand(tx, x.shape, shape);
      const ey = expand(ty, y.shape, shape);
      const t = new Float64Array(out.length);
      for (let i = 0; i < t.length; i++) t[i] = ex[i] * ys[i] + xs[i] * ey[i];
      return t;
    },
  });
}

/** a / b as its own op (not a · b⁻¹) so the quotient is correctly rounded. */
export function div(a: Operand, b: Operand): Tensor {
  const { x, y, shape, xs, ys } = alignOperands(a, b);
  const out = new Float64Array(xs.length);
  for (let i = 0; i < out.length; i++) out[i] = xs[i] / ys[i];
  return node(out, shape, 'div', [x, y], {
    backward: (g) => {
      if (x.requiresGrad) {
        const gx = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gx[i] = g[i] / ys[i];
        accumulateBroadcast(x, gx, shape);
      }
      if (y.requiresGrad) {
        const gy = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) gy[i] = (-g[i] * out[i]) / ys[i];
        accumulateBroadcast(y, gy, shape);
      }
    },
    tangent: ([tx, ty]) => {
      const ex = expand(tx, x.shape, shape);
      const ey = expand(ty, y.shape, shape);
      const t = new Float64Array(out.length);
      for (let i = 0; i < t.length; i++) t[i] = (ex[i] - out[i] * ey[i]) / ys[i];
      return t;
    },
  });
}

/**
 * Elementwise max(a, b). Subgradient at a tie (a = b): the gradient is split ½ to each operand, so
 * max(x, x) still has derivative 1 and neither argument is favoured. Forward mode uses the same rule.
 */
export function maximum(a: Operand, b: Operand): Tensor {
  return extremum(a, b, 'maximum', 1);
}

/** Elementwise min(a, b); at a tie the gradient is split ½ / ½, as for maximum. */
export function minimum(a: Operand, b: Operand): Tensor {
  return extremum(a, b, 'minimum', -1);
}

function extremum(a: Operand, b: Operand, op: string, sign: 1 | -1): Tensor {
  const { x, y, shape, xs, ys } = alignOperands(a, b);
  const n = xs.length;
  const out = new Float64Array(n);
  // share[i]: the part of the gradient that goes to a (b gets 1 − share).
  const share = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = sign * (xs[i] - ys[i]);
    share[i] = d > 0 ? 1 : d < 0 ? 0 : 0.5;
    out[i] = d >= 0 ? xs[i] : ys[i];
  }
  return node(out, shape, op, [x, y], {
    backward: (g) => {
      if (x.requiresGrad) accumulateBroadcast(x, times(g, share), shape);
      if (y.requiresGrad) {
        const gy = new Float64Array(n);
        for (let i = 0; i < n; i++) gy[i] = g[i] * (1 - share[i]);
        accumulateBroadcast(y, gy, shape);
      }
    },
    tangent: ([tx, ty]) => {
      const ex = expand(tx, x.shape, shape);
      const ey = expand(ty, y.shape, shape);
      const t = new Float64Array(n);
      for (let i = 0; i < n; i++) t[i] = share[i] * ex[i] + (1 - share[i]) * ey[i];
      return t;
    },
  });
}

export function neg(a: Operand): Tensor {
  const x = asTensor(a);
  const out = new Float64Array(x.size);
  for (let i = 0; i < out.length; i++) out[i] = -x.data[i];
  return node(out, x.shape, 'neg', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < g.length; i++) gx[i] -= g[i];
    },
    tangent: ([tx]) => tx.map((v) => -v),
  });
}

/** a − b = a + (−b): derived, so it needs no backward of its own (and is exact: negation is). */
export function sub(a: Operand, b: Operand): Tensor {
  return add(a, neg(b));
}

export function exp(a: Operand): Tensor {
  const x = asTensor(a);
  const out = x.data.map(Math.exp);
  return node(out, x.shape, 'exp', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < g.length; i++) gx[i] += g[i] * out[i];
    },
    tangent: ([tx]) => times(tx, out),
  });
}

export function log(a: Operand): Tensor {
  const x = asTensor(a);
  const xd = x.data;
  const out = xd.map(Math.log);
  return node(out, x.shape, 'log', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < g.length; i++) gx[i] += g[i] / xd[i];
    },
    tangent: ([tx]) => tx.map((t, i) => t / xd[i]),
  });
}

/** Tensor to a constant power: aᵖ, with derivative p·aᵖ⁻¹ (0 when p = 0, even at a = 0). */
export function pow(a: Operand, p: number): Tensor {
  const x = asTensor(a);
  const xd = x.data;
  const out = xd.map((v) => Math.pow(v, p));
  const local = xd.map((v) => (p === 0 ? 0 : p === 1 ? 1 : p === 2 ? 2 * v : p * Math.pow(v, p - 1)));
  return node(out, x.shape, 'pow', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < g.length; i++) gx[i] += g[i] * local[i];
    },
    tangent: ([tx]) => times(tx, local),
  });
}

export function sqrt(a: Operand): Tensor {
  const x = asTensor(a);
  const out = x.data.map(Math.sqrt);
  return node(out, x.shape, 'sqrt', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < g.length; i++) gx[i] += g[i] / (2 * out[i]);
    },
    tangent: ([tx]) => tx.map((t, i) => t / (2 * out[i])),
  });
}

/** |a|; subgradient 0 at a = 0. */
export function abs(a: Operand): Tensor {
  const x = asTensor(a);
  const xd = x.data;
  const out = xd.map(Math.abs);
  const sign = xd.map((v) => (v > 0 ? 1 : v < 0 ? -1 : 0));
  return node(out, x.shape, 'abs', [x], {
    backward: (g) => {
      const gx = gradOf(x);
      for (let i = 0; i < g.length; i++) gx[i] += g[i] * sign[i];
    },
    tangent: ([tx]) => times(tx, sign),
  });
}

export function square(a: Operand): Tensor {
  return pow(a, 2);
}

function times(u: Float64Array, v: Float64Array): Float64Array {
  const out = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) out[i] = u[i] * v[i];
  return out;
}
