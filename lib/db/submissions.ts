import type { Kysely, Selectable } from 'kysely';
import type { Database, SubmissionStatus, SubmissionTable } from './schema';

/**
 * Submission rows. These functions take the owner's id where a row is read for a person, so a
 * query cannot forget to scope; deciding *who* may ask is lib/site's job.
 */

export type SubmissionRow = Selectable<SubmissionTable>;

export const IN_FLIGHT: SubmissionStatus[] = ['queued', 'grading'];

export interface NewSubmission {
  id: string;
  user_id: string;
  /** The offering it was submitted in; absent or null only for someone who belongs to none. */
  offering_id?: string | null;
  exercise_id: string;
  exercise_version: string;
  mode: 'submit';
  code: string;
  idempotency_key: string;
  locale: string;
  created_at: number;
}

/**
 * Records a submission as `queued`. When the same user already sent this idempotency key, nothing
 * is written and the first row is returned with `created: false`.
 */
export async function insertSubmission(db: Kysely<Database>, row: NewSubmission): Promise<{ row: SubmissionRow; created: boolean }> {
  const inserted = await db
    .insertInto('submission')
    .values({ ...row, status: 'queued' })
    .onConflict((oc) => oc.columns(['user_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const stored = await db
    .selectFrom('submission')
    .selectAll()
    .where('user_id', '=', row.user_id)
    .where('idempotency_key', '=', row.idempotency_key)
    .executeTakeFirstOrThrow();
  return { row: stored, created: inserted !== undefined && stored.id === row.id };
}

export async function findByIdempotencyKey(db: Kysely<Database>, userId: string, key: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submission').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function findSubmission(db: Kysely<Database>, id: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submission').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOwnSubmission(db: Kysely<Database>, id: string, userId: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submission').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

export interface AttemptRow {
  id: string;
  status: SubmissionStatus;
  score: number | null;
  created_at: number;
  graded_at: number | null;
}

export async function listAttempts(db: Kysely<Database>, userId: string, exerciseId: string, limit = 50): Promise<AttemptRow[]> {
  const rows = await db
    .selectFrom('submission')
    .select(['id', 'status', 'score', 'created_at', 'graded_at'])
    .where('user_id', '=', userId)
    .where('exercise_id', '=', exerciseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, created_at: Number(r.created_at), graded_at: r.graded_at === null ? null : Number(r.graded_at) }));
}

/** Claims a row for grading; undefined when it is already graded (another worker finished it). */
export async function markGrading(db: Kysely<Database>, id: string): Promise<SubmissionRow | undefined> {
  return db
    .updateTable('submission')
    .set((eb) => ({ status: 'grading', started_at: Date.now(), grading_attempts: eb('grading_attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', IN_FLIGHT)
    .returningAll()
    .executeTakeFirst();
}

export interface StoredResult {
  status: Exclude<SubmissionStatus, 'queued' | 'grading'>;
  score: number;
  points: number;
  maxPoints: number;
  resultJson: string;
  gradeMs: number;
}

export async function storeResult(db: Kysely<Database>, id: string, result: StoredResult): Promise<SubmissionRow | undefined> {
  return db
    .updateTable('submission')
    .set({
      status: result.status,
      score: result.score,
      points: result.points,
      max_points: result.maxPoints,
      result_json: result.resultJson,
      grade_ms: result.gradeMs,
      graded_at: Date.now(),
    })
    .where('id', '=', id)
    .where('status', 'in', IN_FLIGHT)
    .returningAll()
    .executeTakeFirst();
}

/** Puts a row whose grading could not run back in the queue. */
export async function requeue(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('submission').set({ status: 'queued' }).where('id', '=', id).where('status', '=', 'grading').execute();
}

/** How many of a user's submissions are waiting for or under grading. */
export async function countInFlight(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db
    .selectFrom('submission')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('status', 'in', IN_FLIGHT)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Rows a crash or restart left without a verdict, oldest first. */
export async function listInFlight(db: Kysely<Database>, olderThan?: number): Promise<Pick<SubmissionRow, 'id' | 'status' | 'created_at'>[]> {
  let query = db.selectFrom('submission').select(['id', 'status', 'created_at']).where('status', 'in', IN_FLIGHT);
  if (olderThan !== undefined) query = query.where('created_at', '<', olderThan);
  return query.orderBy('created_at', 'asc').execute();
}

export interface ProgressRow {
  exercise_id: string;
  best_score: number | null;
  attempts: number;
}

/** Best score and number of attempts per exercise, computed from the submissions themselves. */
export async function progressForUser(db: Kysely<Database>, userId: string, exerciseId?: string): Promise<ProgressRow[]> {
  let query = db
    .selectFrom('submission')
    .select((eb) => ['exercise_id', eb.fn.max('score').as('best_score'), eb.fn.countAll<number>().as('attempts')])
    .where('user_id', '=', userId)
    .groupBy('exercise_id');
  if (exerciseId) query = query.where('exercise_id', '=', exerciseId);
  const rows = await query.execute();
  return rows.map((r) => ({
    exercise_id: r.exercise_id,
    best_score: r.best_score === null ? null : Number(r.best_score),
    attempts: Number(r.attempts),
  }));
}
