import type { Kysely } from 'kysely';

/**
 * Course staff's tools for quizzes, beside the attempts they act on (quiz_attempt is never
 * updated):
 *
 * - `quiz_attempt_override`: one attempt's score set by hand, with who, when, the score that
 *   counted before and why. Append-only like score_override: the newest row counts, and the rows
 *   are the audit log. (A student's score for a whole quiz is an `item_override` row, migration 006.)
 * - `quiz_regrade_run` and `quiz_regrade`: the stored answers graded again against the quiz as it
 *   is now, after a key change. Each result is kept beside the original, with the quiz version that
 *   gave it; the newest regrade of an attempt counts unless an override says otherwise.
 *
 * Scores are double precision, as in quiz_attempt (PostgreSQL's `real` would round 2/7).
 */

// Migrations are frozen in time: they take an untyped Kysely, never the current schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quiz_attempt_override')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('quiz_attempt.id').onDelete('cascade'))
    .addColumn('offering_id', 'text', (c) => c.notNull())
    .addColumn('old_score', 'double precision')
    .addColumn('new_score', 'double precision', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quiz_attempt_override_attempt_idx').on('quiz_attempt_override').columns(['attempt_id', 'created_at']).execute();
  await db.schema.createIndex('quiz_attempt_override_offering_idx').on('quiz_attempt_override').columns(['offering_id', 'created_at']).execute();

  await db.schema
    .createTable('quiz_regrade_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('offering_id', 'text', (c) => c.notNull())
    .addColumn('quiz_id', 'text', (c) => c.notNull())
    // Only this student's attempts, or every student's when null.
    .addColumn('user_id', 'text')
    .addColumn('quiz_version', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    // Attempts whose score the run changed.
    .addColumn('changed', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('quiz_regrade_run_offering_idx').on('quiz_regrade_run').columns(['offering_id', 'created_at']).execute();

  await db.schema
    .createTable('quiz_regrade')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('quiz_regrade_run.id').onDelete('cascade'))
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('quiz_attempt.id').onDelete('cascade'))
    .addColumn('quiz_version', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('max_points', 'double precision', (c) => c.notNull())
    // Per-question verdicts in both languages, the same shape as quiz_attempt.result_json.
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('quiz_regrade_run_attempt', ['run_id', 'attempt_id'])
    .execute();
  await db.schema.createIndex('quiz_regrade_attempt_idx').on('quiz_regrade').columns(['attempt_id', 'created_at']).execute();
}

// One-way, like 006: nothing here is dropped once staff decisions are stored in it.
