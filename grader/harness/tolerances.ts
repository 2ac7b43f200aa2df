import type { Tolerance } from './spec';

/**
 * The tolerances the exercises share, named for why they are that tight: an exercise states one in
 * `defineChecks({ tolerance, … })` and a check overrides it only where its answers need another.
 */
export const tolerances = {
  /** Closed-form scalar math (an activation, its derivative): only rounding separates right answers. */
  closedForm: { abs: 1e-12, rel: 1e-9 },
  /** Sums of many products (layers, backpropagation): the order of additions may differ. */
  linearAlgebra: { abs: 1e-10, rel: 1e-7 },
} satisfies Record<string, Tolerance>;

/** Within `|got − want| ≤ abs + rel·|want|`, as the grader compares numbers. */
export function closeTo(got: unknown, want: number, { abs = 1e-7, rel = 1e-6 }: Tolerance = {}): boolean {
  return typeof got === 'number' && Math.abs(got - want) <= abs + rel * Math.abs(want);
}
