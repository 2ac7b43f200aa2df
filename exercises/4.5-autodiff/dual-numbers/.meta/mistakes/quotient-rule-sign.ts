// The quotient rule with a plus: (ȧc + aċ)/c².
/**
 * A dual number val + dot·ε with ε² = 0. Every method returns a new Dual: the value by the usual
 * rule, the tangent by that rule's derivative (chain rule), so a whole expression carries its
 * derivative forward alongside its value.
 */
export class Dual {
  constructor(
    readonly val: number,
    readonly dot: number,
  ) {}

  add(other: Dual | number): Dual {
    const o = lift(other);
    return new Dual(this.val + o.val, this.dot + o.dot);
  }

  sub(other: Dual | number): Dual {
    const o = lift(other);
    return new Dual(this.val - o.val, this.dot - o.dot);
  }

  /** (a + ȧε)(c + ċε) = ac + (ȧc + aċ)ε: the product rule. */
  mul(other: Dual | number): Dual {
    const o = lift(other);
    return new Dual(this.val * o.val, this.dot * o.val + this.val * o.dot);
  }

  /** (a/c)′ = (ȧc − aċ)/c²: the quotient rule. */
  div(other: Dual | number): Dual {
    const o = lift(other);
    return new Dual(this.val / o.val, (this.dot * o.val + this.val * o.dot) / (o.val * o.val));
  }

  neg(): Dual {
    return new Dual(-this.val, -this.dot);
  }

  exp(): Dual {
    const e = Math.exp(this.val);
    return new Dual(e, e * this.dot);
  }

  log(): Dual {
    return new Dual(Math.log(this.val), this.dot / this.val);
  }

  sin(): Dual {
    return new Dual(Math.sin(this.val), Math.cos(this.val) * this.dot);
  }

  cos(): Dual {
    return new Dual(Math.cos(this.val), -Math.sin(this.val) * this.dot);
  }
}

function lift(x: Dual | number): Dual {
  return typeof x === 'number' ? new Dual(x, 0) : x;
}

/** Seed the input's tangent with 1 (dx/dx) and read the output's tangent. */
export function derivative(f: (x: Dual) => Dual, x: number): number {
  return f(new Dual(x, 1)).dot;
}
