import type { Rng } from '../../lib/autodiff/rng';
import type { Localized } from './messages';

/**
 * The check DSL: what an exercise's `checks.ts` exports (default export of `defineChecks`).
 *
 * A check calls one thing in the learner's module on many inputs and compares the answers with a
 * reference computed on the host. `call` is the only part that runs inside the sandbox: it must be
 * a self-contained arrow function (no references to anything outside its own body), because its
 * source text is what is sent into the isolate.
 */

export type Path = (string | number)[];

export interface Tolerance {
  /** Absolute tolerance; default 1e-7. */
  abs?: number;
  /** Relative tolerance; default 1e-6. A value passes when |got − expected| ≤ abs + rel·|expected|. */
  rel?: number;
}

/** How an element of the answer is named in feedback, e.g. layer 2, row 1, column 0. */
export interface Place {
  label: string;
  layer?: number;
  row?: number;
  col?: number;
}

export interface JudgeFailure {
  message: Localized;
  path?: Path;
}

/** Seeded random numbers for input generation: the same seed gives the same inputs everywhere. */
export type InputRng = Rng;

// Defaults are `any` so checks written without type arguments infer freely from `inputs` and `expected`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface CheckSpec<I = any, O = any> {
  /** Stable identifier, unique within the exercise (used in statistics). */
  name: string;
  title: Localized;
  /**
   * example: shown in the statement and run by Check (unrecorded) and by Submit;
   * hidden: run on Submit, the failing input is shown; secret: like hidden, input never shown.
   */
  visibility?: 'example' | 'hidden' | 'secret';
  points?: number;
  kind?: 'value' | 'gradient' | 'property';
  /** Runs in the sandbox: `m` is the learner's module exports. Self-contained; returns plain data. */
  // The learner's exports are untyped by nature: a check may call anything they export.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call: (m: any, input: I) => unknown;
  /** Inputs for this check; `rng` is seeded from the exercise and check name. */
  inputs: I[] | ((rng: InputRng) => I[]);
  /** The reference answer, computed on the host (usually with lib/autodiff). */
  expected?: (input: I) => O;
  /** Central-difference reference, for gradient checks: shown next to the reference gradient. */
  numeric?: (input: I) => O;
  tolerance?: Tolerance;
  /** Replaces the comparison with `expected`: return null when the answer is acceptable. */
  judge?: (got: unknown, input: I) => JudgeFailure | null;
  /** How the input is shown to the student; default: compact JSON. */
  describe?: (input: I) => string;
  /** How a path into the answer is named, in the student's language; default: `[i][j]` with row/column. */
  locate?: (path: Path, locale: 'en' | 'zh') => Place;
  /** For scalar functions: plot the learner's answers against the reference over this x. */
  plot?: { x: (input: I) => number; xLabel?: string };
  /** Show a heatmap of relative errors for matrices in the answer when this check fails. */
  heatmap?: boolean;
  /** Functions must not modify their arguments; set true only where an exercise allows it. */
  allowMutation?: boolean;
}

export interface MistakeSpec {
  /** Shown when a learner's answers match this known wrong solution. */
  hint: Localized;
}

export interface ExerciseChecks {
  checks: CheckSpec[];
  /** Keyed by the file name in `.meta/mistakes/` without `.ts`. */
  mistakes?: Record<string, MistakeSpec>;
}

/** Identity with types: gives authors completion and checking in `checks.ts`. */
export function defineChecks(spec: ExerciseChecks): ExerciseChecks {
  return spec;
}

/** A typed check: `I` and `O` are inferred from `inputs` and `expected`. */
export function check<I, O>(spec: CheckSpec<I, O>): CheckSpec<I, O> {
  return spec;
}
