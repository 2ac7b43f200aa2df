/**
 * A dual number val + dot·ε with ε² = 0: the value of an expression and its derivative with
 * respect to the input, carried forward together.
 */
export class Dual {
  constructor(
    readonly val: number,
    readonly dot: number,
  ) {}

  /** (a + ȧε) + (c + ċε) = (a + c) + (ȧ + ċ)ε. A number c is the constant c + 0ε. */
  add(other: Dual | number): Dual {
    const o = lift(other);
    return new Dual(this.val + o.val, this.dot + o.dot);
  }

  sub(other: Dual | number): Dual {
    // TODO
    return new Dual(0, 0);
  }

  mul(other: Dual | number): Dual {
    // TODO
    return new Dual(0, 0);
  }

  div(other: Dual | number): Dual {
    // TODO
    return new Dual(0, 0);
  }

  neg(): Dual {
    // TODO
    return new Dual(0, 0);
  }

  exp(): Dual {
    // TODO
    return new Dual(0, 0);
  }

  log(): Dual {
    // TODO
    return new Dual(0, 0);
  }

  sin(): Dual {
    // TODO
    return new Dual(0, 0);
  }

  cos(): Dual {
    // TODO
    return new Dual(0, 0);
  }
}

/** A number as a dual number: a constant, whose derivative is 0. */
function lift(x: Dual | number): Dual {
  return typeof x === 'number' ? new Dual(x, 0) : x;
}

/** f′(x), by one forward pass of f on a dual number. */
export function derivative(f: (x: Dual) => Dual, x: number): number {
  // TODO
  return 0;
}
