// Drops a factor in the mixed partial: ∂²(xⁱyʲ)/∂x∂y taken as i·xⁱ⁻¹yʲ⁻¹ (right only when j = 1).
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

/** ∂^(a+b) (xⁱyʲ) / ∂xᵃ∂yᵇ at (x, y), summed over the terms. */
function partial(f: Term[], a: number, b: number, x: number, y: number): number {
  let total = 0;
  for (const { c, i, j } of f) {
    if (i < a || j < b) continue;
    let coefficient = c;
    for (let k = 0; k < a; k++) coefficient *= i - k;
    // For a mixed partial only xⁱ's exponent comes down: the factor j is dropped.
    if (a === 0) for (let k = 0; k < b; k++) coefficient *= j - k;
    total += coefficient * x ** (i - a) * y ** (j - b);
  }
  return total;
}

/** Eigenvalues of the symmetric matrix [[p, q], [q, r]], smallest first. */
function eigenvalues(p: number, q: number, r: number): [number, number] {
  const mean = (p + r) / 2;
  const radius = Math.hypot((p - r) / 2, q);
  return [mean - radius, mean + radius];
}

export function stationaryPoint(f: Term[], start: [number, number]): Stationary {
  let [x, y] = start;
  // Newton's method on ∇f = 0: it converges to the nearby stationary point of any kind, whereas
  // gradient descent only ever settles in minima and slides off saddle points.
  for (let iteration = 0; iteration < 100; iteration++) {
    const gx = partial(f, 1, 0, x, y);
    const gy = partial(f, 0, 1, x, y);
    if (Math.hypot(gx, gy) < 1e-13) break;
    const hxx = partial(f, 2, 0, x, y);
    const hxy = partial(f, 1, 1, x, y);
    const hyy = partial(f, 0, 2, x, y);
    const det = hxx * hyy - hxy * hxy;
    // H⁻¹∇f for a 2 × 2 H, by Cramer's rule.
    x -= (hyy * gx - hxy * gy) / det;
    y -= (hxx * gy - hxy * gx) / det;
  }
  const [low, high] = eigenvalues(partial(f, 2, 0, x, y), partial(f, 1, 1, x, y), partial(f, 0, 2, x, y));
  const kind: Kind = low > 0 ? 'minimum' : high < 0 ? 'maximum' : 'saddle';
  return { point: [x, y], kind, eigenvalues: [low, high] };
}
