/**
 * A function f: Rⁿ → Rᵐ, given only through its two kinds of automatic-differentiation pass.
 * J(x) is its Jacobian: m rows and n columns, J[i][j] = ∂fᵢ/∂xⱼ.
 */
export interface VectorFunction {
  /** n, the number of inputs */
  n: number;
  /** m, the number of outputs */
  m: number;
  /** One forward-mode pass: J(x)·v, m numbers (v has n). */
  jvp(x: number[], v: number[]): number[];
  /** One reverse-mode pass: J(x)ᵀ·u = ∂(uᵀf)/∂x, n numbers (u has m). */
  vjp(x: number[], u: number[]): number[];
}

/** J(x) column by column: J·eⱼ is column j, so n forward passes. */
export function jacobianForward(f: VectorFunction, x: number[]): number[][] {
  const J: number[][] = Array.from({ length: f.m }, () => []);
  for (let j = 0; j < f.n; j++) {
    const e = new Array<number>(f.n).fill(0);
    e[j] = 1;
    const column = f.jvp(x, e);
    for (let i = 0; i < f.m; i++) J[i][j] = column[i];
  }
  return J;
}

/** J(x) row by row: Jᵀ·eᵢ is row i, so m reverse passes. */
export function jacobianReverse(f: VectorFunction, x: number[]): number[][] {
  const J: number[][] = [];
  for (let i = 0; i < f.m; i++) {
    const e = new Array<number>(f.m).fill(0);
    e[i] = 1;
    J.push(f.vjp(x, e));
  }
  return J;
}
