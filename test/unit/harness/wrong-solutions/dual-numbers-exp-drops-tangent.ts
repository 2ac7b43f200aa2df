// A student's Dual: add/sub/mul/div are right, but exp, log, sin and cos forget the inner
// derivative ȧ (chain rule), as if the argument were always the seeded input itself.
export class Dual {
  constructor(
    readonly val: number,
    readonly dot: number,
  ) {}
  add(o: Dual | number): Dual {
    const c = lift(o);
    return new Dual(this.val + c.val, this.dot + c.dot);
  }
  sub(o: Dual | number): Dual {
    const c = lift(o);
    return new Dual(this.val - c.val, this.dot - c.dot);
  }
  mul(o: Dual | number): Dual {
    const c = lift(o);
    return new Dual(this.val * c.val, this.dot * c.val + this.val * c.dot);
  }
  div(o: Dual | number): Dual {
    const c = lift(o);
    return new Dual(this.val / c.val, (this.dot * c.val - this.val * c.dot) / (c.val * c.val));
  }
  neg(): Dual {
    return new Dual(-this.val, -this.dot);
  }
  exp(): Dual {
    return new Dual(Math.exp(this.val), Math.exp(this.val));
  }
  log(): Dual {
    return new Dual(Math.log(this.val), 1 / this.val);
  }
  sin(): Dual {
    return new Dual(Math.sin(this.val), Math.cos(this.val));
  }
  cos(): Dual {
    return new Dual(Math.cos(this.val), -Math.sin(this.val));
  }
}
const lift = (x: Dual | number) => (typeof x === 'number' ? new Dual(x, 0) : x);
export const derivative = (f: (x: Dual) => Dual, x: number) => f(new Dual(x, 1)).dot;
