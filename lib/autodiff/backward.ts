// Reverse mode: order the graph so every tensor comes after everything it depends on, then walk it
// backwards calling each op's backward closure, which adds (+=) its share into its parents' grads.
//
// No recursion anywhere (a chain 100 000 ops deep must work), and accumulation rather than
// assignment (a tensor used twice gets both contributions).
//
// Leaves keep accumulating across backward() calls, as in PyTorch (zero them between steps);
// interior tensors are reset at the start of each call, so calling backward twice on the same
// graph adds exactly one more gradient to the leaves. After a call, an interior tensor's `grad`
// holds ∂root/∂tensor — for a layer's net input z⁽ˡ⁾ that is the book's error term δ⁽ˡ⁾.

import type { Tensor } from './tensor';

/** Tensors that `root` depends on through tensors requiring grad, each after all of its parents. */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  if (!root.requiresGrad) return order;
  const visited = new Set<Tensor>([root]);
  // Depth-first with an explicit stack: (tensor, index of the next parent to visit).
  const stack: Tensor[] = [root];
  const nextParent: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const parents = t.parents;
    let i = nextParent[top];
    while (i < parents.length && (visited.has(parents[i]) || !parents[i].requiresGrad)) i++;
    if (i < parents.length) {
      nextParent[top] = i + 1;
      visited.add(parents[i]);
      stack.push(parents[i]);
      nextParent.push(0);
    } else {
      order.push(t);
      stack.pop();
      nextParent.pop();
    }
  }
  return order;
}

/**
 * Fill `grad` of every tensor `root` depends on with ∂root/∂tensor. A scalar root is seeded with 1;
 * a non-scalar root needs a seed (∂L/∂root for some outer L) of the same size.
 */
export function backward(root: Tensor, seed?: Tensor | Float64Array | number): void {
  if (!root.requiresGrad) {
    throw new Error('backward(): this tensor does not depend on any tensor with requiresGrad: true');
  }
  const order = topologicalOrder(root);
  for (const t of order) if (t.backwardFn !== null) t.grad = null;

  const g = seedOf(root, seed);
  if (root.grad === null) root.grad = g;
  else for (let i = 0; i < g.length; i++) root.grad[i] += g[i];

  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k];
    if (t.backwardFn !== null && t.grad !== null) t.backwardFn(t.grad);
  }
}

function seedOf(root: Tensor, seed: Tensor | Float64Array | number | undefined): Float64Array {
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new Error(`backward(): output of shape [${root.shape.join(', ')}] is not a scalar; pass a seed gradient`);
    }
    return Float64Array.of(1);
  }
  const data = typeof seed === 'number' ? new Float64Array(root.size).fill(seed) : seed instanceof Float64Array ? seed : seed.data;
  if (data.length !== root.size) throw new Error(`backward(): seed has ${data.length} values, output has ${root.size}`);
  return data.slice();
}

/** Forget the gradients of the given tensors (typically the parameters, between steps). */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) t.grad = null;
}
