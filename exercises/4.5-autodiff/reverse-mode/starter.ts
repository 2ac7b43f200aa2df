/**
 * A scalar node of a computational graph with reverse-mode automatic differentiation.
 * `add` is written out as a model for the other ops.
 */
export class Value {
  data: number;
  /** ∂(output)/∂(this node), filled in by backward(); 0 until then. */
  grad = 0;
  /** The nodes this one was computed from. */
  private readonly parents: Value[];
  /** Passes this node's grad on to its parents, times the local derivatives. */
  private backwardStep: () => void = () => {};

  constructor(data: number, parents: Value[] = []) {
    this.data = data;
    this.parents = parents;
  }

  add(other: Value | number): Value {
    const o = other instanceof Value ? other : new Value(other);
    const out = new Value(this.data + o.data, [this, o]);
    out.backwardStep = () => {
      // ∂(a + b)/∂a = 1 and ∂(a + b)/∂b = 1
      this.grad += out.grad;
      o.grad += out.grad;
    };
    return out;
  }

  mul(other: Value | number): Value {
    throw new Error('TODO: mul');
  }

  pow(k: number): Value {
    throw new Error('TODO: pow');
  }

  exp(): Value {
    throw new Error('TODO: exp');
  }

  tanh(): Value {
    throw new Error('TODO: tanh');
  }

  relu(): Value {
    throw new Error('TODO: relu');
  }

  /** Sets grad = ∂this/∂node on every node this one depends on (itself included). */
  backward(): void {
    throw new Error('TODO: backward');
  }
}
