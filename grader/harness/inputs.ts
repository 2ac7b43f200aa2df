import { createRng } from '../../lib/autodiff/rng';
import type { InputRng } from './spec';

/** The seeded generator a check's `inputs(rng)` receives: the same seed gives the same inputs everywhere. */
export function inputRng(seed: string): InputRng {
  return createRng(seed);
}

/** `n` uniform draws in [lo, hi): an `inputs` for scalar functions. */
export function uniformInputs(n: number, lo: number, hi: number): (rng: InputRng) => number[] {
  return (rng) => Array.from({ length: n }, () => rng.uniform(lo, hi));
}

/**
 * Every combination of the given values, the first field varying slowest:
 * `grid({ x: [0, 1], gamma: [1, 2] })` is x = 0 with γ = 1, 2, then x = 1 with γ = 1, 2.
 */
export function grid<T extends Record<string, unknown>>(axes: { [K in keyof T]: T[K][] }): T[] {
  return Object.entries(axes).reduce<Record<string, unknown>[]>(
    (rows, [key, values]) => rows.flatMap((row) => (values as unknown[]).map((v) => ({ ...row, [key]: v }))),
    [{}],
  ) as T[];
}

/** Central difference of `f`: the `numeric` reference of a scalar derivative. */
export function centralDifference(f: (x: number) => number, h = 1e-6): (x: number) => number {
  return (x) => (f(x + h) - f(x - h)) / (2 * h);
}
