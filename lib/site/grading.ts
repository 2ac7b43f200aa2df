import 'server-only';
import type { Transaction } from 'kysely';
import type { GradingResult, Locale, Mode } from '../../grader/results';
import type { Database } from '../db/schema';
import { getDb } from '../db';
import { markLateIfDue } from '../db/deadlines';
import { findSubmission, insertSubmission, type NewSubmission, type SubmissionRow } from '../db/submissions';
import { logEvent } from '../log';
import { gradingPool } from '../queue/grading-pool';
import { gradingQueue } from '../queue/queue';
import { isFinal } from './dto';

export { gradingPool, setGradingPool } from '../queue/grading-pool';

/**
 * Grading of recorded submissions, as the student path sees it. A submission is written as
 * `queued` with its grading job in one transaction; whoever takes the job (the web process's own
 * loop on SQLite, a worker on PostgreSQL: lib/queue/grading-queue.ts) marks it `grading` and
 * stores the verdict in the same row. This module never grades a recorded submission itself.
 */

/**
 * Records a submission as `queued` with its grading job, and its late mark (the due date it missed
 * and its penalty factor) when `late` is given, all in one transaction: there is never a row
 * without its job, nor a late submission left unmarked by a crash. A retried idempotency key
 * returns the first row and writes nothing. `admit` runs first in the transaction (the attempt
 * limit, lib/site/item-dates.ts): when it throws, nothing is recorded.
 */
export async function recordSubmission(
  row: NewSubmission,
  opts: { late?: { dueAt: number; factor: number } | null; admit?: (trx: Transaction<Database>) => Promise<void> } = {},
): Promise<{ row: SubmissionRow; created: boolean }> {
  const queue = await gradingQueue();
  const recorded = await queue.transaction(async (trx, enqueue) => {
    await opts.admit?.(trx);
    const inserted = await insertSubmission(trx, row);
    if (inserted.created) {
      if (opts.late) await markLateIfDue(trx, inserted.row.id, row.created_at, { dueAt: opts.late.dueAt }, opts.late.factor);
      await enqueue([{ submissionId: inserted.row.id }]);
    }
    return inserted;
  });
  if (recorded.created) logEvent('info', 'submission.enqueued', { submission: recorded.row.id, exercise: row.exercise_id, user: row.user_id });
  return recorded;
}

/** The verdict of a recorded submission, if it arrives within `waitMs`; else the row as it is. */
export async function awaitVerdict(row: SubmissionRow, waitMs: number): Promise<SubmissionRow> {
  const queue = await gradingQueue();
  const db = await getDb();
  let latest = row;
  const stored = await queue.waitForVerdict(row.id, waitMs, async () => {
    latest = (await findSubmission(db, row.id)) ?? latest;
    return isFinal(latest.status);
  });
  if (stored) return stored;
  return isFinal(latest.status) ? latest : ((await findSubmission(db, row.id)) ?? latest);
}

/**
 * What start-up does about gradings a crash left unfinished: jobs held by a dead process are
 * retried, submissions without a job get one, regrade runs still running get what they lack.
 * Only enqueues.
 */
export async function recoverOnStart(): Promise<void> {
  await (await gradingQueue()).recover();
}

/** Grades without recording anything (the Check button); `owner` (the student) keeps the pool fair between students. */
export function gradeUnrecorded(job: { exerciseId: string; code: string; mode: Mode; locale: Locale }, owner?: string): Promise<GradingResult> {
  return gradingPool().grade(job, { owner });
}
