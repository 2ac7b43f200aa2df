// The recursive topological sort from the usual first implementation: one stack frame per node.
/** A scalar node of a computational graph with reverse-mode differentiation. */
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
      this.grad += (this.data > 0 ? 1 : 0) * out.grad;
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

  /** Every node this one depends on, each after all of its parents (depth-first search). */
  private topologicalOrder(): Value[] {
    const order: Value[] = [];
    const visited = new Set<Value>();
    const build = (node: Value) => {
      if (visited.has(node)) return;
      visited.add(node);
      for (const parent of node.parents) build(parent);
      order.push(node);
    };
    build(this);
    return order;
  }
}

function toValue(x: Value | number): Value {
  return x instanceof Value ? x : new Value(x);
}
