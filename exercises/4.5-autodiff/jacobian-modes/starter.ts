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

/** J(x) column by column: one forward pass per input. */
export function jacobianForward(f: VectorFunction, x: number[]): number[][] {
  // TODO
  return [];
}

/** J(x) row by row: one reverse pass per output. */
export function jacobianReverse(f: VectorFunction, x: number[]): number[][] {
  // TODO
  return [];
}
