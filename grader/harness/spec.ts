import type { Locale } from '../../lib/i18n/locales';
import type { Rng } from '../../lib/autodiff/rng';
import type { CaptureRequest } from './graph/walk';
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

/** A named piece of an input, shown as a number, a vector or a matrix (rows of numbers). */
export interface InputPart {
  name: string;
  value: number | number[] | number[][] | string;
}

export interface JudgeFailure {
  message: Localized;
  path?: Path;
}

/** Seeded random numbers for input generation: the same seed gives the same inputs everywhere. */
export type InputRng = Rng;

// Defaults are `any` so checks written without type arguments infer freely from `inputs` and `expected`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface CheckSpec<I = any, O = any, M = any> {
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
  /**
   * Runs in the sandbox: `m` is the learner's module exports, typed as the starter's (see
   * `defineChecks`). Self-contained; returns plain data.
   */
  call: (m: M, input: I) => unknown;
  /** Inputs for this check; `rng` is seeded from the exercise and check name. */
  inputs: I[] | ((rng: InputRng) => I[]);
  /** The reference answer, computed on the host (usually with lib/autodiff). */
  expected?: (input: I) => O;
  /** Central-difference reference, for gradient checks: shown next to the reference gradient. */
  numeric?: (input: I) => O;
  tolerance?: Tolerance;
  /** Replaces the comparison with `expected`: return null when the answer is acceptable. */
  judge?: (got: unknown, input: I) => JudgeFailure | null;
  /** How the input is shown to the student, in one line of words; default: compact JSON. */
  describe?: (input: I, locale: Locale) => string;
  /**
   * The input as mathematics: named vectors and matrices laid out in rows, named as the statement
   * names them (`z`, `W⁽¹⁾`). Default: the input itself under `argument` when it is numbers, or the
   * numeric fields of an input object under their own names.
   */
  show?: (input: I, locale: Locale) => InputPart[];
  /** The statement's name for the argument when the input is passed as one argument (e.g. `z`). */
  argument?: string;
  /** The statement's names for the input object's fields: { Wnext: 'W⁽ˡ⁺¹⁾', deltaNext: 'δ⁽ˡ⁺¹⁾' }. */
  names?: Record<string, string>;
  /**
   * Names a place inside the input as the statement does (['net', 'W', 0] → `W⁽¹⁾`): used when the
   * learner's code changes its argument. Default: `argument`, or the input field's own name.
   */
  nameInput?: (path: Path) => string;
  /** How a path into the answer is named, in the student's language; default: `[i][j]` with row/column. */
  locate?: (path: Path, locale: Locale) => Place;
  /**
   * For scalar functions: plot the learner's function against the reference over this x. When the
   * check fails both are drawn on a dense grid across the check's x range: for a number input x is
   * the input; otherwise `at(input, x)` builds the input for x (from the failing input).
   */
  plot?: {
    x: (input: I) => number;
    xLabel?: string;
    at?: (input: I, x: number) => I;
    /** Draw the dense curves over at least this range (e.g. both sides of a kink the check's inputs avoid). */
    range?: [number, number];
    /** Where the reference has a kink (not differentiable): marked on the plot. */
    kinks?: number[];
    yLabel?: string;
    /**
     * For an answer that is a vector indexed by layer (‖δ⁽ˡ⁾‖ for l = 1 … L): plot entry k of the
     * failing input's answer at x = k + 1, on a log₁₀ scale when `log10` is set.
     */
    vector?: { log10?: boolean };
  };
  /** Show a heatmap of relative errors for matrices in the answer when this check fails. */
  heatmap?: boolean;
  /**
   * Draw the computational graph the learner's code builds for one of this check's inputs (the
   * first failing one, else the first), beside the reference graph. Used by the 4.5 exercises.
   */
  graph?: GraphSpec<I>;
  /** Functions must not modify their arguments; set true only where an exercise allows it. */
  allowMutation?: boolean;
}

/** A reference graph: nodes in forward order, named as the statement names them (names are unique). */
export interface ReferenceGraph {
  /**
   * `args`: a two-input op's operands in order (a node's label, or a constant's value), so the
   * feedback can give the partial derivative with respect to each (x.mul(x) names x twice).
   */
  nodes: { label: string; op: string; value: number | null; grad: number | null; args?: [string | number, string | number] }[];
  /** [input label, output label] */
  edges: [string, string][];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface GraphSpec<I = any> {
  /** reverse: nodes carry ∂f/∂node; forward: nodes carry the tangent ∂node/∂input. */
  mode: 'reverse' | 'forward';
  /**
   * Runs in the sandbox, self-contained like `call`: builds the graph with the learner's module and
   * returns the learner's objects, naming the nodes it made with the reference graph's labels.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call: (m: any, input: I) => CaptureRequest;
  /** The reference graph for the same input, computed on the host. */
  reference: (input: I) => ReferenceGraph;
  /** Which of the check's inputs can be drawn; default all. */
  drawable?: (input: I) => boolean;
}

export interface MistakeSpec {
  /** Shown when a learner's answers match this known wrong solution. */
  hint: Localized;
}

/**
 * The exercise's checks, typed against its learner module `M`: write
 * `defineChecks<typeof Learner>(…)` with `import type * as Learner from './starter'`, so every
 * `call` is checked against the starter's exports (a renamed or retyped export is a compile error
 * in checks.ts, not a failing grading).
 */
// Defaults are `any` so checks written without type arguments infer freely from `inputs` and `expected`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ExerciseChecks<M = any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  checks: CheckSpec<any, any, M>[];
  /** Keyed by the file name in `.meta/mistakes/` without `.ts`. */
  mistakes?: Record<string, MistakeSpec>;
}

/** What an author writes: the checks, plus a tolerance every check without its own uses. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ExerciseChecksInput<M = any> extends ExerciseChecks<M> {
  tolerance?: Tolerance;
}

/**
 * Gives authors completion and checking in `checks.ts`, and fills in the exercise-wide
 * `tolerance` on each check that has none (the grader sees plain checks, as before).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function defineChecks<M = any>({ tolerance, ...spec }: ExerciseChecksInput<M>): ExerciseChecks<M> {
  if (!tolerance) return spec;
  return { ...spec, checks: spec.checks.map((c) => (c.tolerance ? c : { ...c, tolerance })) };
}

/**
 * A typed check: `I` and `O` are inferred from `inputs` and `expected`, and `M` (the learner's
 * module) from the `defineChecks<M>` it is written in.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function check<I, O, M = any>(spec: CheckSpec<I, O, M>): CheckSpec<I, O, M> {
  return spec;
}
