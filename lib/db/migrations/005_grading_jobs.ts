import type { Kysely } from 'kysely';

/**
 * The grading queue of a one-machine (SQLite) site: one row per job, taken by the grading loop in
 * the web process (lib/queue/sqlite-queue.ts). On PostgreSQL pg-boss keeps its own job table and
 * this one stays empty; it exists on both so the schema is the same everywhere.
 *
 * A job grades a submission (`run_id` null) or regrades it for a regrade run. `state` is
 * queued → taken → done | failed. `taken_by` is the grading_worker row of the process holding it:
 * a job held by a process that died is put back (`lost` + 1) or, past the retry limit, failed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grading_job')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submission.id').onDelete('cascade'))
    .addColumn('run_id', 'text', (c) => c.references('regrade_run.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    // Students' submissions before regrades: higher first.
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_after', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lost', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('taken_by', 'text')
    .addColumn('taken_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('grading_job_take_idx').on('grading_job').columns(['state', 'priority', 'run_after']).execute();
  await db.schema.createIndex('grading_job_submission_idx').on('grading_job').columns(['submission_id', 'state']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('grading_job').ifExists().execute();
}
