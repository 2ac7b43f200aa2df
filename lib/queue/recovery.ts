import type { Kysely } from 'kysely';
import { finishRunIfComplete, pendingTargets } from '../db/regrades';
import type { Database } from '../db/schema';
import { listInFlight } from '../db/submissions';
import { logEvent } from '../log';
import type { GradingQueue } from './grading-queue';

/**
 * Recovery that is the same on both backends: it only enqueues (never grades), and only what has
 * no live job, so running it twice or from two processes at once enqueues nothing twice.
 */

/** Submissions in flight (older than `olderThan`, if given) that have no job get one. */
export async function requeueSubmissions(queue: GradingQueue, db: Kysely<Database>, opts: { olderThan?: number } = {}): Promise<string[]> {
  const rows = await listInFlight(db, opts.olderThan);
  const enqueued = await queue.enqueueMissing(rows.map((r) => ({ submissionId: r.id })));
  if (enqueued.length > 0) logEvent('warn', 'queue.requeued_orphans', { count: enqueued.length, submissions: enqueued.map((j) => j.submissionId) });
  return enqueued.map((j) => j.submissionId);
}

/**
 * Every regrade run still `running`: the submissions it has no result for get a job unless they
 * have one, and a run with nothing left is marked done. Returns the ids of the runs still running.
 */
export async function resumeRuns(queue: GradingQueue, db: Kysely<Database>): Promise<string[]> {
  const runs = await db.selectFrom('regrade_run').select('id').where('status', '=', 'running').orderBy('created_at', 'asc').execute();
  const resumed: string[] = [];
  for (const { id } of runs) {
    await resumeRun(queue, db, id);
    if (!(await finishRunIfComplete(db, id))) resumed.push(id);
  }
  if (resumed.length > 0) logEvent('info', 'regrade.resumed', { runs: resumed });
  return resumed;
}

/** Enqueues the regrades of one run that have neither a result nor a job; returns how many. */
export async function resumeRun(queue: GradingQueue, db: Kysely<Database>, runId: string): Promise<number> {
  const pending = await pendingTargets(db, runId);
  const enqueued = await queue.enqueueMissing(pending.map((submissionId) => ({ submissionId, runId })));
  return enqueued.length;
}
