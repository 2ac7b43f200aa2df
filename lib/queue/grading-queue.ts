import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { SubmissionRow } from '../db/submissions';
import type { GradeJobData } from './jobs';

/**
 * The grading queue: the one way a recorded submission reaches its verdict, on both databases.
 * Submit, regrade and crash recovery only enqueue; whoever takes a job grades it with
 * gradeAndStore() (lib/queue/grade-and-store.ts).
 *
 * Two backends, chosen by the database (lib/queue/queue.ts):
 * - SQLite, one machine: a job table (migration 005) and a loop in the web process that takes
 *   jobs from it and grades them in the process's sandbox pool (lib/queue/sqlite-queue.ts).
 * - PostgreSQL: pg-boss; `npm run worker` processes take the jobs (lib/queue/pg-queue.ts,
 *   lib/queue/worker.ts). The web server never grades a recorded submission.
 */
export interface GradingQueue {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one database transaction; the jobs it enqueues commit or roll back with the
   * rows it writes, so there is never a row without its job or a job without its row.
   */
  transaction<T>(work: (trx: Transaction<Database>, enqueue: (jobs: GradeJobData[]) => Promise<void>) => Promise<T>): Promise<T>;
  /** Enqueues each job that has no live job for the same work (recovery, resume); returns those enqueued. */
  enqueueMissing(jobs: GradeJobData[]): Promise<GradeJobData[]>;
  /**
   * Resolves once submission `id` has its verdict or `ms` pass. `isFinal` is asked after the wait
   * is registered, so a verdict stored in between is not missed. Resolves with the stored row
   * when the backend has it at hand (SQLite: the loop that stored it is in this process), so the
   * caller need not read it again.
   */
  waitForVerdict(id: string, ms: number, isFinal: () => Promise<boolean>): Promise<SubmissionRow | undefined>;
  /**
   * What start-up does after a crash: jobs held by a dead process are retried (SQLite; pg-boss
   * expires them itself), submissions in flight without a job get one, regrade runs still
   * running get jobs for what they lack; then a periodic sweep keeps doing so.
   */
  recover(): Promise<void>;
  /** Stops taking jobs (running gradings finish, up to `timeoutMs`) and closes connections. */
  close(timeoutMs?: number): Promise<void>;
}
