import { sql, type Kysely, type Selectable } from 'kysely';
import { newId } from './ids';
import type { Database, GradingJobTable } from './schema';

/**
 * The SQLite grading queue's job table (migration 005). Taking a job is one UPDATE … RETURNING,
 * atomic in SQLite, so two processes sharing the file never take the same job.
 */

export type GradingJobRow = Selectable<GradingJobTable>;

export interface JobSpec {
  submissionId: string;
  /** A regrade for this run; absent for a student's submission. */
  runId?: string;
  /** Higher is taken first. */
  priority: number;
}

export async function insertJobs(db: Kysely<Database>, jobs: JobSpec[], now = Date.now()): Promise<void> {
  for (let i = 0; i < jobs.length; i += 200) {
    await db
      .insertInto('grading_job')
      .values(jobs.slice(i, i + 200).map((j) => ({ id: newId(), submission_id: j.submissionId, run_id: j.runId ?? null, state: 'queued' as const, priority: j.priority, run_after: now, created_at: now, taken_by: null, taken_at: null, finished_at: null })))
      .execute();
  }
}

/** Inserts a job already taken by `workerId` (handed straight to an idle taker of the enqueuing process). */
export async function insertTakenJob(db: Kysely<Database>, job: JobSpec, workerId: string, now = Date.now()): Promise<GradingJobRow> {
  return db
    .insertInto('grading_job')
    .values({ id: newId(), submission_id: job.submissionId, run_id: job.runId ?? null, state: 'taken', priority: job.priority, run_after: now, attempts: 1, taken_by: workerId, taken_at: now, created_at: now, finished_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Enqueues a job unless one for the same work is queued or taken; true when it did. One statement. */
export async function insertJobIfMissing(db: Kysely<Database>, job: JobSpec, now = Date.now()): Promise<boolean> {
  const result = await sql`
    insert into grading_job (id, submission_id, run_id, state, priority, run_after, attempts, lost, created_at)
    select ${newId()}, ${job.submissionId}, ${job.runId ?? null}, 'queued', ${job.priority}, ${now}, 0, 0, ${now}
    where not exists (select 1 from grading_job where submission_id = ${job.submissionId} and run_id is ${job.runId ?? null} and state in ('queued', 'taken'))`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

/** Takes the next due job for `workerId`, students' submissions first; undefined when none is due. */
export async function takeJob(db: Kysely<Database>, workerId: string, now = Date.now()): Promise<GradingJobRow | undefined> {
  const result = await sql<GradingJobRow>`
    update grading_job set state = 'taken', taken_by = ${workerId}, taken_at = ${now}, attempts = attempts + 1
    where id = (select id from grading_job where state = 'queued' and run_after <= ${now}
                order by priority desc, created_at asc, rowid asc limit 1)
    returning *`.execute(db);
  return result.rows[0];
}

/** When the next queued job becomes due (a retry's delay), if any is queued. */
export async function nextDueAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db.selectFrom('grading_job').select((eb) => eb.fn.min('run_after').as('at')).where('state', '=', 'queued').executeTakeFirst();
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

export async function completeJob(db: Kysely<Database>, id: string, workerId: string): Promise<void> {
  await db.updateTable('grading_job').set({ state: 'done', finished_at: Date.now() }).where('id', '=', id).where('taken_by', '=', workerId).where('state', '=', 'taken').execute();
}

/** Puts a job its taker could not run (the pool was busy or restarting) back, due at `runAfter`. */
export async function releaseJob(db: Kysely<Database>, id: string, workerId: string, runAfter: number): Promise<void> {
  await db.updateTable('grading_job').set({ state: 'queued', run_after: runAfter, taken_by: null, taken_at: null }).where('id', '=', id).where('taken_by', '=', workerId).where('state', '=', 'taken').execute();
}

export interface TakenJob {
  id: string;
  submission_id: string;
  run_id: string | null;
  lost: number;
  taken_by: string | null;
  taken_at: number | null;
  worker_pid: number | null;
  worker_host: string | null;
  worker_seen_at: number | null;
}

/** Every taken job with what is known of its taker (null fields: no heartbeat row). */
export async function listTakenJobs(db: Kysely<Database>): Promise<TakenJob[]> {
  const rows = await db
    .selectFrom('grading_job as j')
    .leftJoin('grading_worker as w', 'w.id', 'j.taken_by')
    .select(['j.id', 'j.submission_id', 'j.run_id', 'j.lost', 'j.taken_by', 'j.taken_at', 'w.pid as worker_pid', 'w.host as worker_host', 'w.seen_at as worker_seen_at'])
    .where('j.state', '=', 'taken')
    .execute();
  return rows.map((r) => ({ ...r, lost: Number(r.lost), taken_at: r.taken_at === null ? null : Number(r.taken_at), worker_pid: r.worker_pid === null ? null : Number(r.worker_pid), worker_seen_at: r.worker_seen_at === null ? null : Number(r.worker_seen_at) }));
}

/**
 * Takes a job back from a taker that died: queued again after `retryDelayMs`, or, when it has now
 * been lost more than `retryLimit` times, `failed`. Guarded by the taker, so two processes that
 * both notice the death act once. Returns what happened (undefined: someone else acted first).
 */
export async function reclaimJob(db: Kysely<Database>, job: TakenJob, retryLimit: number, retryDelayMs: number): Promise<'requeued' | 'failed' | undefined> {
  const now = Date.now();
  const poison = job.lost + 1 > retryLimit;
  const updated = await db
    .updateTable('grading_job')
    .set((eb) => ({
      state: poison ? 'failed' : 'queued',
      lost: eb('lost', '+', 1),
      run_after: now + retryDelayMs,
      taken_by: null,
      taken_at: null,
      finished_at: poison ? now : null,
    }))
    .where('id', '=', job.id)
    .where('state', '=', 'taken')
    .where('taken_by', job.taken_by === null ? 'is' : '=', job.taken_by)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return undefined;
  return poison ? 'failed' : 'requeued';
}

/** Finished jobs are kept a day for inspection, then removed. */
export async function pruneFinishedJobs(db: Kysely<Database>, before: number): Promise<void> {
  await db.deleteFrom('grading_job').where('state', '=', 'done').where('finished_at', '<', before).execute();
}
