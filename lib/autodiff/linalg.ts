// Matrix products and transposition.
//
//   C = A·B      ∂L/∂A = G·Bᵀ     ∂L/∂B = Aᵀ·G            (G = ∂L/∂C)
//   z = W·x + b  ∂L/∂W = δ·xᵀ     ∂L/∂x = Wᵀ·δ     ∂L/∂b = δ   (δ = ∂L/∂z, the book's error term)
//
// The transposes in these rules are never materialised: the kernels read their operands transposed.

import { gemmNN, gemmNT, gemmTN } from './kernels';
import { gradOf, node, stridesOf, type Shape, type Tensor } from './tensor';

/**
 * Matrix product: [m, k]·[k, n] → [m, n]; matrix·vector [m, k]·[k] → [m]; vector·matrix
 * [k]·[k, n] → [n]; vector·vector [k]·[k] → [] (the dot product).
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank < 1 || a.rank > 2 || b.rank < 1 || b.rank > 2) {
    throw new Error(`matmul: expected 1-D or 2-D operands, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  // A vector on the left is a row [1, k]; on the right a column [k, 1].
  const m = a.rank === 2 ? a.shape[0] : 1;
  const k = a.shape[a.rank - 1];
  const n = b.rank === 2 ? b.shape[1] : 1;
  if (b.shape[0] !== k) {
    throw new Error(`matmul: inner dimensions differ: [${a.shape.join(', ')}]·[${b.shape.join(', ')}]`);
  }
  const shape: Shape = [];
  if (a.rank === 2) shape.push(m);
  if (b.rank === 2) shape.push(n);
  const out = new Float64Array(m * n);
  gemmNN(a.data, b.data, out, m, k, n);
  return node(out, shape, 'matmul', [a, b], {
    backward: (g) => {
      if (a.requiresGrad) gemmNT(g, b.data, gradOf(a), m, n, k); // G·Bᵀ
      if (b.requiresGrad) gemmTN(a.data, g, gradOf(b), k, m, n); // Aᵀ·G
    },
    tangent: ([ta, tb]) => {
      const t = new Float64Array(m * n);
      gemmNN(ta, b.data, t, m, k, n);
      gemmNN(a.data, tb, t, m, k, n);
      return t;
    },
  });
}

/**
 * A dense layer's net input, the book's z = W·x + b with W of shape [M_l, M_{l−1}]:
 * x of shape [M_{l−1}] gives z of shape [M_l]; a row-major batch X of shape [batch, M_{l−1}]
 * gives Z = X·Wᵀ + b of shape [batch, M_l] (row n is W·x⁽ⁿ⁾ + b).
 */
export function linear(x: Tensor, W: Tensor, b?: Tensor): Tensor {
  if (W.rank !== 2) throw new Error(`linear: W must be a matrix, got [${W.shape.join(', ')}]`);
  const [M, N] = W.shape;
  if ((x.rank !== 1 && x.rank !== 2) || x.shape[x.rank - 1] !== N) {
    throw new Error(`linear: x of shape [${x.shape.join(', ')}] does not fit W of shape [${M}, ${N}]`);
  }
  if (b && (b.rank !== 1 || b.shape[0] !== M)) {
    throw new Error(`linear: b must have shape [${M}], got [${b.shape.join(', ')}]`);
  }
  const batch = x.rank === 2 ? x.shape[0] : 1;
  const shape: Shape = x.rank === 2 ? [batch, M] : [M];
  const out = new Float64Array(batch * M);
  if (b) for (let r = 0; r < batch; r++) out.set(b.data, r * M);
  gemmNT(x.data, W.data, out, batch, N, M);
  const parents = b ? [x, W, b] : [x, W];
  return node(out, shape, 'linear', parents, {
    backward: (g) => {
      if (x.requiresGrad) gemmNN(g, W.data, gradOf(x), batch, M, N); // δ·W   (Wᵀδ per sample)
      if (W.requiresGrad) gemmTN(g, x.data, gradOf(W), M, batch, N); // δᵀ·X  (Σₙ δ⁽ⁿ⁾x⁽ⁿ⁾ᵀ)
      if (b?.requiresGrad) {
        const gb = gradOf(b);
        for (let r = 0; r < batch; r++) for (let i = 0; i < M; i++) gb[i] += g[r * M + i];
      }
    },
    tangent: ([tx, tW, tb]) => {
      const t = new Float64Array(batch * M);
      if (tb) for (let r = 0; r < batch; r++) t.set(tb, r * M);
      gemmNT(tx, W.data, t, batch, N, M);
      gemmNT(x.data, tW, t, batch, N, M);
      return t;
    },
  });
}

/**
 * Permute axes (default: reverse them, so a matrix [r, c] becomes [c, r]). As in numpy, a 1-D
 * tensor is its own transpose; reshape it to [1, n] for a row.
 */
export function transpose(t: Tensor, axes?: number[]): Tensor {
  const rank = t.rank;
  const perm = axes ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) {
    throw new Error(`transpose: [${perm.join(', ')}] is not a permutation of ${rank} axes`);
  }
  const inverse = new Array<number>(rank);
  perm.forEach((p, i) => (inverse[p] = i));
  const shape = perm.map((p) => t.shape[p]);
  return node(permute(t.data, t.shape, perm), shape, 'transpose', [t], {
    backward: (g) => {
      const back = permute(g, shape, inverse);
      const gt = gradOf(t);
      for (let i = 0; i < gt.length; i++) gt[i] += back[i];
    },
    tangent: ([tt]) => permute(tt, t.shape, perm),
  });
}

/** Data of a tensor of `shape` with its axes permuted: output axis i is input axis perm[i]. */
function permute(data: Float64Array, shape: readonly number[], perm: readonly number[]): Float64Array {
  const out = new Float64Array(data.length);
  if (shape.length === 2 && perm[0] === 1) {
    const [r, c] = shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = data[i * c + j];
    return out;
  }
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]);
  const step = perm.map((p) => inStrides[p]);
  const rank = outShape.length;
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = data[src];
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      src += step[ax];
      if (counter[ax] < outShape[ax]) break;
      src -= step[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return out;
}
