import type { GradingJob, GradingResult } from '../results';

/**
 * Messages between the pool (parent) and a sandbox child, over the IPC channel as JSON. The child
 * grades one job at a time; the parent validates every result before trusting it.
 */

export type ToChild = { type: 'grade'; id: number; job: GradingJob };

export type FromChild =
  /**
   * `budgets`: this child sends a `budget` message before it runs any learner code, so the pool
   * waits for it instead of judging the grading by its own default (the CPU the child spends
   * before that is its own: preparing exercises in the background, reading the job).
   */
  | { type: 'ready'; pid: number; budgets?: boolean }
  /**
   * Sent as a grading starts, before any learner code runs: the CPU time (ms) its exercise allows,
   * so the pool's limit follows the exercise (absent for an exercise the child does not know: the
   * pool's default applies). The pool counts the grading's CPU time from this message on.
   */
  | { type: 'budget'; id: number; cpuMs?: number }
  | { type: 'result'; id: number; result: GradingResult };
