import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { resolveWindow, type ItemRef } from './windows';
import type { Database } from './schema';

/**
 * Reading dates and writing late marks, for the student path and for staff alike (staff set the
 * dates in lib/staff/deadlines.ts). The merging of dates and rules is lib/db/windows.ts.
 */

export interface SubmissionWindow {
  opensAt: number | null;
  dueAt: number | null;
}

/** The open and due dates everyone has for an exercise in an offering (no extensions). */
export async function submissionWindow(db: Kysely<Database>, offeringId: string | null, exercise: { id: string; section: string }): Promise<SubmissionWindow> {
  const w = await resolveWindow(db, offeringId, null, { kind: 'exercise', id: exercise.id, section: exercise.section });
  return { opensAt: w.opensAt, dueAt: w.dueAt };
}

/**
 * Marks a just-recorded submission late when it came after the due date, with the factor its
 * score counts with (1 when the policy has no penalty). Call it in the transaction that records
 * the submission, so a recorded late submission is always marked.
 */
export async function markLateIfDue(db: Kysely<Database>, submissionId: string, createdAt: number, window: Pick<SubmissionWindow, 'dueAt'>, factor = 1): Promise<boolean> {
  if (window.dueAt === null || createdAt <= window.dueAt) return false;
  await db
    .insertInto('late_submission')
    .values({ submission_id: submissionId, due_at: window.dueAt, factor })
    .onConflict((oc) => oc.column('submission_id').doNothing())
    .execute();
  return true;
}

/** The quiz attempt's late mark; call it in the transaction that records the attempt. */
export async function markQuizAttemptLate(db: Kysely<Database>, attemptId: string, dueAt: number, factor: number): Promise<void> {
  await db.insertInto('late_quiz_attempt').values({ attempt_id: attemptId, due_at: dueAt, factor }).onConflict((oc) => oc.column('attempt_id').doNothing()).execute();
}

/**
 * Attempts a student has used at an item in an offering, for its attempt limit: every recorded
 * submission or quiz attempt, except submissions whose grading itself failed (the student is told
 * to resubmit, so that one must not cost an attempt).
 */
export async function attemptsUsed(db: Kysely<Database>, offeringId: string | null, userId: string, item: Pick<ItemRef, 'kind' | 'id'>): Promise<number> {
  const row =
    item.kind === 'exercise'
      ? await db
          .selectFrom('submission')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .where('exercise_id', '=', item.id)
          .where('status', '!=', 'grading_failed')
          .where((eb) => (offeringId === null ? eb('offering_id', 'is', null) : eb('offering_id', '=', offeringId)))
          .executeTakeFirst()
      : await db
          .selectFrom('quiz_attempt')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('user_id', '=', userId)
          .where('quiz_id', '=', item.id)
          .where((eb) => (offeringId === null ? eb('offering_id', 'is', null) : eb('offering_id', '=', offeringId)))
          .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Serialises the recording of work by one student at one item, so that counting their attempts
 * and recording a new one cannot interleave with another request doing the same (two tabs, a
 * double click, a script): call it first in the transaction that records the work, then count
 * with attemptsUsed on the same transaction. PostgreSQL: a transaction-scoped advisory lock on
 * (offering, student, item), released at commit or rollback. SQLite: its one writer at a time
 * already serialises transactions, but only once one of them writes; a no-op write takes the
 * database's write lock before the count is read (waiting up to busy_timeout for a writer in
 * another process), so the count cannot be stale by the time the work is inserted.
 */
export async function lockItemAttempts(trx: Transaction<Database>, offeringId: string | null, userId: string, item: Pick<ItemRef, 'kind' | 'id'>): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) {
    const key = JSON.stringify(['item-attempts', offeringId, userId, item.kind, item.id]);
    // hashtext folds the key to the lock's integer; a collision only serialises two unrelated students a moment.
    await sql`select pg_advisory_xact_lock(hashtext(${key}::text))`.execute(trx);
  } else {
    await sql`update quiz_attempt set id = id where 1 = 0`.execute(trx);
  }
}
