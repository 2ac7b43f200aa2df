/** One term c·xⁱ·yʲ of a polynomial f(x, y) = Σ c·xⁱ·yʲ. */
export interface Term {
  c: number;
  i: number;
  j: number;
}
export type Kind = 'minimum' | 'maximum' | 'saddle';
export interface Stationary {
  point: [number, number];
  kind: Kind;
  /** the Hessian's eigenvalues, smallest first */
  eigenvalues: [number, number];
}

/** f(x, y) = Σ c·xⁱ·yʲ. */
export function evaluate(f: Term[], x: number, y: number): number {
  return f.reduce((s, { c, i, j }) => s + c * x ** i * y ** j, 0);
}

/** Find the stationary point Newton's method reaches from `start`, and classify it by the Hessian. */
export function stationaryPoint(f: Term[], start: [number, number]): Stationary {
  // TODO: the gradient (∂f/∂x, ∂f/∂y) and the Hessian of a term c·xⁱ·yʲ follow from the power rule.
  // Iterate p ← p − H(p)⁻¹∇f(p) until the gradient vanishes; then classify by the signs of the
  // Hessian's eigenvalues.
  return { point: start, kind: 'minimum', eigenvalues: [0, 0] };
}
