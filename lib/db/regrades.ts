import { sql, type Kysely } from 'kysely';
import type { GradingResult } from '../../grader/results';
import { newId } from './ids';
import type { Database } from './schema';

/**
 * Regrade results and the state of their runs, as the grading queue writes them (the runs
 * themselves are started by staff, lib/staff/regrade.ts). A result goes beside the original
 * submission, never over it; one per run and submission, whatever the deliveries.
 */

export async function runIsRunning(db: Kysely<Database>, runId: string): Promise<boolean> {
  const run = await db.selectFrom('regrade_run').select('status').where('id', '=', runId).executeTakeFirst();
  return run?.status === 'running';
}

export async function hasRegrade(db: Kysely<Database>, runId: string, submissionId: string): Promise<boolean> {
  return (await db.selectFrom('regrade').select('id').where('run_id', '=', runId).where('submission_id', '=', submissionId).executeTakeFirst()) !== undefined;
}

/** Stores a regrade result; false when this run already has one for the submission. */
export async function storeRegrade(db: Kysely<Database>, runId: string, submissionId: string, result: GradingResult): Promise<boolean> {
  const inserted = await db
    .insertInto('regrade')
    .values({ id: newId(), run_id: runId, submission_id: submissionId, exercise_version: result.version, status: result.status, score: result.score, result_json: JSON.stringify(result), created_at: Date.now() })
    .onConflict((oc) => oc.columns(['run_id', 'submission_id']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Marks a running run done once every submission it covers has a result. True when it did. */
export async function finishRunIfComplete(db: Kysely<Database>, runId: string): Promise<boolean> {
  const updated = await db
    .updateTable('regrade_run')
    .set({ status: 'done', finished_at: Date.now() })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .where(
      sql<boolean>`not exists (select 1 from regrade_target t where t.run_id = ${runId}
        and not exists (select 1 from regrade r where r.run_id = t.run_id and r.submission_id = t.submission_id))`,
    )
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** A run one of whose gradings kept crashing stops as `failed`, saying which. */
export async function failRun(db: Kysely<Database>, runId: string, error: string): Promise<void> {
  await db.updateTable('regrade_run').set({ status: 'failed', error, finished_at: Date.now() }).where('id', '=', runId).where('status', '=', 'running').execute();
}

/** The submissions of a run that have no result yet, oldest first. */
export async function pendingTargets(db: Kysely<Database>, runId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('regrade_target as t')
    .innerJoin('submission as s', 's.id', 't.submission_id')
    .leftJoin('regrade as r', (join) => join.onRef('r.run_id', '=', 't.run_id').onRef('r.submission_id', '=', 't.submission_id'))
    .select('s.id')
    .where('t.run_id', '=', runId)
    .where('r.id', 'is', null)
    .orderBy('s.created_at', 'asc')
    .execute();
  return rows.map((r) => r.id);
}
