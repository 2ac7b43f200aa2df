import type { Kysely } from 'kysely';

/**
 * Late work and its penalty. A late mark now records the factor the late policy gave when the
 * work was recorded (lib/db/late-policy.ts), so a later change of policy never moves a counted
 * score silently; marks made before carry none and count in full, as they did. Quiz attempts are
 * marked late like submissions, in their own table keyed by the attempt.
 */

// Migrations are frozen in time: they take an untyped Kysely, never the current schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('late_submission').addColumn('factor', 'double precision').execute();
  await db.schema
    .createTable('late_quiz_attempt')
    .addColumn('attempt_id', 'text', (c) => c.primaryKey().references('quiz_attempt.id').onDelete('cascade'))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('factor', 'double precision', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('late_quiz_attempt').execute();
  await db.schema.alterTable('late_submission').dropColumn('factor').execute();
}
