/**
 * The example checks of one exercise as the browser gets them (sent with the exercise page): the
 * statement's own inputs, the reference answers computed on the server, and the tolerances. The
 * browser runs the student's code on these while they type; the server stays the only authority.
 */

export type LiveText = string | { en: string; zh?: string };

export interface LiveCase {
  input: unknown;
  expected: unknown;
  /** The input in words, as the statement and the feedback show it (e.g. `x = 1`). */
  label?: { en: string; zh: string };
}

export interface LiveCheck {
  name: string;
  title: LiveText;
  /** Source text of the check's `call(m, input)`: a self-contained function expression. */
  callSource: string;
  tolerance: { abs?: number; rel?: number };
  cases: LiveCase[];
}

export interface LiveExamples {
  exerciseId: string;
  version: string;
  checks: LiveCheck[];
}

/** One example as the live strip shows it. */
export interface LiveCaseResult {
  check: string;
  index: number;
  ok: boolean;
  /** The first difference, in plain words and numbers (absent when ok). */
  diff?: { path: string; expected: string; got: string } | { error: string; line?: number; column?: number };
}

/** Messages between the page and the live-check worker (public/live/worker.js). */
export type ToWorker = { type: 'run'; id: number; js: string; checks: { callSource: string; tolerance: LiveCheck['tolerance']; cases: { input: unknown; expected: unknown }[]; name: string }[] };
export type FromWorker =
  | { type: 'result'; id: number; results: LiveCaseResult[]; ms: number }
  | { type: 'load-error'; id: number; error: string; line?: number; column?: number };
