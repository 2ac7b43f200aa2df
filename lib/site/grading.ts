import 'server-only';
import { getSharedPool, type GraderPool } from '../../grader/pool';
import type { GradingResult, Locale, Mode } from '../../grader/results';
import { getConnection, getDb } from '../db';
import { findSubmission, insertSubmission, listInFlight, markGrading, requeue, storeResult, type NewSubmission, type SubmissionRow } from '../db/submissions';
import { logEvent } from '../log';
import { enqueueGrading } from '../queue/enqueue';
import { requeueOrphans, waitForVerdict, webBoss } from '../queue/web';
import { isFinal } from './dto';

/**
 * Grading of recorded submissions. A submission is written as `queued` before anything runs,
 * marked `grading` when a sandbox takes it and gets its verdict in the same row.
 *
 * Two modes, chosen by the database:
 * - SQLite (one machine): the web server grades in process. A row left `queued` or `grading` by a
 *   crash is graded again by `recoverInterruptedSubmissions` on the next start. One grading per
 *   submission per process: concurrent callers share the promise.
 * - PostgreSQL: the row and its job on the grading queue are written in one transaction, and
 *   grading workers (`npm run worker`, lib/queue/worker.ts) grade it. The web server only waits
 *   for the verdict (LISTEN/NOTIFY); its recovery re-enqueues rows that have no job.
 */

export type GradingMode = { kind: 'in-process' } | { kind: 'queue'; url: string };

export async function gradingMode(): Promise<GradingMode> {
  const { config } = await getConnection();
  return config.kind === 'postgres' ? { kind: 'queue', url: config.url } : { kind: 'in-process' };
}

/**
 * Records a submission as `queued`; on PostgreSQL its grading job is enqueued in the same
 * transaction, so there is never a row without a job or a job without a row. A retried
 * idempotency key returns the first row and enqueues nothing.
 */
export async function recordSubmission(row: NewSubmission): Promise<{ row: SubmissionRow; created: boolean }> {
  const mode = await gradingMode();
  const db = await getDb();
  if (mode.kind === 'in-process') return insertSubmission(db, row);
  const boss = await webBoss(mode.url);
  const recorded = await db.transaction().execute(async (trx) => {
    const inserted = await insertSubmission(trx, row);
    if (inserted.created) await enqueueGrading(boss, trx, inserted.row.id);
    return inserted;
  });
  if (recorded.created) logEvent('info', 'submission.enqueued', { submission: recorded.row.id, exercise: row.exercise_id, user: row.user_id });
  return recorded;
}

/**
 * The verdict of a recorded submission, if it arrives within `waitMs`; else the row as it is.
 * In process: grades it here (or joins the grading already running). On the queue: waits for a
 * worker's notification; the web server never grades a recorded submission itself.
 */
export async function awaitVerdict(row: SubmissionRow, waitMs: number): Promise<SubmissionRow> {
  const mode = await gradingMode();
  if (mode.kind === 'in-process') {
    const grading = runningGrading(row.id) ?? gradeSubmission(row.id);
    return (await withTimeout(grading, waitMs)) ?? row;
  }
  const db = await getDb();
  let latest = row;
  await waitForVerdict(mode.url, row.id, waitMs, async () => {
    latest = (await findSubmission(db, row.id)) ?? latest;
    return isFinal(latest.status);
  });
  return isFinal(latest.status) ? latest : ((await findSubmission(db, row.id)) ?? latest);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What start-up does about submissions a crash left without a verdict. In process: grade them.
 * On the queue: re-enqueue those without a job (workers grade them; a row whose job is still
 * queued or running is left alone, so recovery never races the queue).
 */
export async function recoverOnStart(): Promise<void> {
  const mode = await gradingMode();
  if (mode.kind === 'in-process') {
    try {
      await recoverInterruptedSubmissions();
    } finally {
      startRecoverySweep();
    }
    return;
  }
  try {
    await requeueOrphans(await getDb(), await webBoss(mode.url));
  } finally {
    startQueueSweep(mode.url);
  }
}

function startQueueSweep(url: string, intervalMs = 60_000): void {
  const holder = globalThis as { [SWEEP]?: NodeJS.Timeout };
  if (holder[SWEEP]) return;
  holder[SWEEP] = setInterval(() => {
    void (async () => requeueOrphans(await getDb(), await webBoss(url)))().catch((err: unknown) => logEvent('error', 'queue.sweep_failed', { error: err }));
  }, intervalMs);
  holder[SWEEP].unref();
}

let poolOverride: GraderPool | undefined;

/** Tests hand in their own pool; the server uses the process-wide warm one. */
export function setGradingPool(pool: GraderPool | undefined): void {
  poolOverride = pool;
}

export function gradingPool(): GraderPool {
  return poolOverride ?? getSharedPool();
}

/** Grades without recording anything (the Check button); `owner` (the student) keeps the pool fair between students. */
export function gradeUnrecorded(job: { exerciseId: string; code: string; mode: Mode; locale: Locale }, owner?: string): Promise<GradingResult> {
  return gradingPool().grade(job, { owner });
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
    }, { owner: claimed.user_id });
  } catch (err) {
    await requeue(db, id);
    const delay = RETRY_DELAYS_MS[attempt];
    logEvent('warn', 'grading.could_not_run', { submission: id, error: err, retryInMs: delay ?? null, note: delay === undefined ? 'left queued for the recovery sweep' : undefined });
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
  if (stored) {
    logEvent('info', 'grading.done', {
      submission: id,
      exercise: claimed.exercise_id,
      status: result.status,
      score: result.score,
      gradeMs: result.timeMs,
      latencyMs: Number(stored.graded_at) - Number(stored.created_at),
      inProcess: true,
    });
  }
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
