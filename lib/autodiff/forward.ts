// Forward mode. A dual tensor is a tensor carrying a tangent ẋ beside its value x; every op
// computes its output's tangent from its inputs' tangents with the rule written beside its backward
// (see `tangent:` in each op). One forward pass gives one Jacobian-vector product J·ẋ — a single
// directional derivative — whereas one reverse pass gives a whole gradient (a vector-Jacobian
// product). For f: Rᴺ → Rᴹ, the full Jacobian costs N forward passes or M reverse passes (§4.5).

import { backward } from './backward';
import { noGrad, Tensor, type Nested } from './tensor';

/** A dual tensor: a copy of `value` that carries `tangent` (same size) through every op. */
export function dual(value: Tensor, tangent: Tensor | Float64Array | Nested): Tensor {
  const t = new Tensor(value.data.slice(), value.shape.slice());
  const data = tangent instanceof Tensor ? tangent.data : tangent instanceof Float64Array ? tangent : flatten(tangent);
  if (data.length !== value.size) throw new Error(`dual(): tangent has ${data.length} values, value has ${value.size}`);
  t.tangent = data.slice();
  return t;
}

/**
 * Jacobian-vector product: evaluate f at `primals` pushing `tangents` forward through every op.
 * Returns f's value and its directional derivative Σᵢ (∂f/∂xᵢ)·ẋᵢ, in the output's shape.
 */
export function jvp(
  f: (...inputs: Tensor[]) => Tensor,
  primals: Tensor[],
  tangents: (Tensor | Float64Array | Nested)[],
): { value: Tensor; tangent: Tensor } {
  if (primals.length !== tangents.length) throw new Error('jvp(): one tangent per primal');
  const duals = primals.map((p, i) => dual(p, tangents[i]));
  const out = noGrad(() => f(...duals));
  const tangent = new Tensor(out.tangent?.slice() ?? new Float64Array(out.size), out.shape.slice());
  const value = new Tensor(out.data, out.shape.slice());
  return { value, tangent };
}

/**
 * The full Jacobian of f at x by forward mode: one jvp per input element (column by column).
 * Shape [outputSize, inputSize] — row i is ∇fᵢ (the transpose of the book's denominator layout).
 */
export function jacobianForward(f: (x: Tensor) => Tensor, x: Tensor): { jacobian: Tensor; passes: number } {
  let jac: Float64Array | null = null;
  let m = 0;
  const n = x.size;
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const { tangent } = jvp(f, [x], [e]);
    if (jac === null) {
      m = tangent.size;
      jac = new Float64Array(m * n);
    }
    for (let i = 0; i < m; i++) jac[i * n + j] = tangent.data[i];
  }
  return { jacobian: new Tensor(jac ?? new Float64Array(0), [m, n]), passes: n };
}

/**
 * The full Jacobian of f at x by reverse mode: one backward pass per output element (row by row).
 * Tensors that f closes over and that require grad also receive gradients (as with any backward).
 */
export function jacobianReverse(f: (x: Tensor) => Tensor, x: Tensor): { jacobian: Tensor; passes: number } {
  const leaf = new Tensor(x.data.slice(), x.shape.slice(), { requiresGrad: true });
  const out = f(leaf);
  const m = out.size;
  const n = x.size;
  const jac = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    leaf.grad = null;
    if (out.requiresGrad) {
      const seed = new Float64Array(m);
      seed[i] = 1;
      backward(out, seed);
    }
    if (leaf.grad !== null) jac.set(leaf.grad, i * n);
  }
  return { jacobian: new Tensor(jac, [m, n]), passes: m };
}

function flatten(x: Nested): Float64Array {
  if (typeof x === 'number') return Float64Array.of(x);
  const out: number[] = [];
  const stack: Nested[] = [x];
  // Iterative walk keeping order: push children in reverse.
  while (stack.length > 0) {
    const v = stack.pop() as Nested;
    if (typeof v === 'number') out.push(v);
    else for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
  }
  return Float64Array.from(out);
}
