import 'server-only';
import { getSharedPool, type GraderPool } from '../../grader/pool';
import type { GradingResult, Locale, Mode } from '../../grader/results';
import { getDb } from '../db';
import { findSubmission, listInFlight, markGrading, requeue, storeResult, type SubmissionRow } from '../db/submissions';

/**
 * Grading of recorded submissions. A submission is written as `queued` before anything runs,
 * marked `grading` when a sandbox takes it and gets its verdict in the same row. A row left
 * `queued` or `grading` by a crash is graded again by `recoverInterruptedSubmissions` on the next
 * start. One grading per submission per process: concurrent callers share the promise.
 */

let poolOverride: GraderPool | undefined;

/** Tests hand in their own pool; the server uses the process-wide warm one. */
export function setGradingPool(pool: GraderPool | undefined): void {
  poolOverride = pool;
}

export function gradingPool(): GraderPool {
  return poolOverride ?? getSharedPool();
}

/** Grades without recording anything (the Check button). */
export function gradeUnrecorded(job: { exerciseId: string; code: string; mode: Mode; locale: Locale }): Promise<GradingResult> {
  return gradingPool().grade(job);
}

const INFLIGHT = Symbol.for('deltalab.inflightGradings');
type Holder = { [INFLIGHT]?: Map<string, Promise<SubmissionRow | undefined>> };
function inflight(): Map<string, Promise<SubmissionRow | undefined>> {
  const holder = globalThis as Holder;
  holder[INFLIGHT] ??= new Map();
  return holder[INFLIGHT];
}

const RETRY_DELAYS_MS = [500, 2_000, 5_000, 15_000];

/**
 * Grades a recorded submission and stores the verdict; resolves with the updated row. When the
 * pool cannot take the job (busy, restarting), the row goes back to `queued` and is retried a few
 * times; after that it waits for the next start's recovery. It is never dropped.
 */
export function gradeSubmission(id: string): Promise<SubmissionRow | undefined> {
  const running = inflight().get(id);
  if (running) return running;
  const promise = runGrading(id).finally(() => inflight().delete(id));
  inflight().set(id, promise);
  return promise;
}

/** The grading already running in this process for a submission, if any. */
export function runningGrading(id: string): Promise<SubmissionRow | undefined> | undefined {
  return inflight().get(id);
}

async function runGrading(id: string, attempt = 0): Promise<SubmissionRow | undefined> {
  const db = await getDb();
  const claimed = await markGrading(db, id);
  if (!claimed) return findSubmission(db, id);
  let result: GradingResult;
  try {
    result = await gradingPool().grade({
      exerciseId: claimed.exercise_id,
      code: claimed.code,
      mode: 'submit',
      locale: claimed.locale === 'zh' ? 'zh' : 'en',
    });
  } catch (err) {
    await requeue(db, id);
    const delay = RETRY_DELAYS_MS[attempt];
    console.error(`[deltalab] grading of submission ${id} could not run (${(err as Error).message}); ${delay === undefined ? 'left queued for the next start' : `retrying in ${delay} ms`}`);
    if (delay === undefined) return findSubmission(db, id);
    await new Promise((r) => setTimeout(r, delay));
    return runGrading(id, attempt + 1);
  }
  const stored = await storeResult(db, id, {
    status: result.status,
    score: result.score,
    points: result.points,
    maxPoints: result.maxPoints,
    resultJson: JSON.stringify(result),
    gradeMs: result.timeMs,
  });
  return stored ?? findSubmission(db, id);
}

/**
 * Grades every submission a crash left without a verdict (`queued` or `grading`), oldest first, a
 * few at a time. Returns how many were found. With `olderThan`, only rows recorded before that
 * time and not being graded by this process (the periodic sweep).
 */
export async function recoverInterruptedSubmissions(opts: { concurrency?: number; olderThan?: number } = {}): Promise<{ found: number; graded: number }> {
  const db = await getDb();
  const rows = (await listInFlight(db, opts.olderThan)).filter((r) => !inflight().has(r.id));
  if (rows.length === 0) return { found: 0, graded: 0 };
  console.log(`[deltalab] grading ${rows.length} submission(s) left without a verdict${opts.olderThan === undefined ? ' by the last run' : ''}`);
  const queue = rows.map((r) => r.id);
  let graded = 0;
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const row = await gradeSubmission(id).catch((err: unknown) => {
        console.error(`[deltalab] recovery of submission ${id} failed:`, err);
        return undefined;
      });
      if (row && row.status !== 'queued' && row.status !== 'grading') graded++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  return { found: rows.length, graded };
}

/**
 * Every minute, grade what is still waiting after a minute and is not being graded here: a
 * submission whose retries ran out while the pool was down is picked up once it is back.
 */
export function startRecoverySweep(intervalMs = 60_000): void {
  const holder = globalThis as { [SWEEP]?: NodeJS.Timeout };
  if (holder[SWEEP]) return;
  holder[SWEEP] = setInterval(() => {
    void recoverInterruptedSubmissions({ olderThan: Date.now() - intervalMs }).catch((err: unknown) => console.error('[deltalab] recovery sweep failed:', err));
  }, intervalMs);
  holder[SWEEP].unref();
}
const SWEEP = Symbol.for('deltalab.recoverySweep');
