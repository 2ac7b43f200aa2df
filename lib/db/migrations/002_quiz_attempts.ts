import type { Kysely } from 'kysely';

/**
 * Quiz attempts: one row per submitted quiz (every question at once). The row keeps the answers
 * as sent and the per-question verdicts in both languages, so history and feedback can be shown
 * again in whichever language the student reads later. Best score per quiz is computed from the
 * rows, never stored, so a regrade or a deleted row cannot leave it stale. Scores are double
 * precision: PostgreSQL's `real` is single precision and would round 2/7 to 0.2857143.
 */

// Migrations are frozen in time: they take an untyped Kysely, never the current schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('quiz_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('quiz_id', 'text', (c) => c.notNull())
    .addColumn('quiz_version', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('max_points', 'double precision', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // History, progress and "restore the last answers" read one student's attempts at one quiz.
  await db.schema.createIndex('quiz_attempt_user_quiz_idx').on('quiz_attempt').columns(['user_id', 'quiz_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('quiz_attempt').ifExists().execute();
}
