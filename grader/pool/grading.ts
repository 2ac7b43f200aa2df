import type { Msg } from '../../lib/i18n/message';
import { fatalResult, type GradingResult, type Locale, type Mode } from '../results';
import { poolMessage } from './messages';

/** One grading the pool was asked for, from `grade()` until its verdict. */
export interface Grading {
  id: number;
  job: { exerciseId: string; code: string; mode: Mode; locale: Locale };
  /** Round-robin key; '' for gradings without an owner. */
  owner: string;
  /** CPU time the grading may use, in ms: the caller's hard limit, or the exercise's budget once known. */
  cpuBudgetMs: number;
  /** Set by the caller (deadlineMs): a wall-clock limit the exercise's budget does not replace. */
  hard: boolean;
  /** Times the grading was started again after its child stopped making progress. */
  retries: number;
  /** When its latest child took it (performance.now()). */
  startedAt?: number;
  resolve(result: GradingResult): void;
  reject(err: Error): void;
}

/** Wall-clock ms since the grading's latest child took it. */
export function since(g: Grading): number {
  return g.startedAt === undefined ? 0 : Math.round((performance.now() - g.startedAt) * 100) / 100;
}

/** A verdict the pool writes itself, with the pool's sentence in the student's language. */
export function poolVerdict(g: Grading, status: 'timeout' | 'memory_limit' | 'runtime_error', message: Msg): GradingResult {
  return fatalResult(g.job, status, message, { timeMs: since(g) });
}

/** Not graded: the machine, not the learner, kept the grading from finishing. */
export function stuckResult(g: Grading): GradingResult {
  return { ...poolVerdict(g, 'runtime_error', poolMessage('stuck')), status: 'grading_failed', runtimeError: undefined };
}
