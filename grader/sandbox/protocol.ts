import type { GradingJob, GradingResult } from '../results';

/**
 * Messages between the pool (parent) and a sandbox child, over the IPC channel as JSON. The child
 * grades one job at a time; the parent validates every result before trusting it.
 */

export type ToChild = { type: 'grade'; id: number; job: GradingJob };

export type FromChild =
  | { type: 'ready'; pid: number }
  /** Sent as a grading starts: the CPU time (ms) its exercise allows, so the pool's limit follows the exercise. */
  | { type: 'budget'; id: number; cpuMs: number }
  | { type: 'result'; id: number; result: GradingResult };
