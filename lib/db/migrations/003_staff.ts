import type { Kysely } from 'kysely';

/**
 * Course staff's tables: score overrides (which are also the audit log), regrade runs and their
 * results (kept beside the original submission, never over it), open and due dates, the late
 * marks of submissions, the roster of pre-registered students, and deactivated accounts.
 */

// Migrations are frozen in time: they take an untyped Kysely, never the current schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Every override ever made; the newest one for a submission is its score. Never updated.
  await db.schema
    .createTable('score_override')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submission.id').onDelete('cascade'))
    .addColumn('old_score', 'real')
    .addColumn('new_score', 'real', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('score_override_submission_idx').on('score_override').columns(['submission_id', 'created_at']).execute();

  await db.schema
    .createTable('regrade_run')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('exercise_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('exercise_version', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('regrade_run_status_idx').on('regrade_run').column('status').execute();

  // The submissions a run covers, fixed when it starts, so a resumed run grades exactly those.
  await db.schema
    .createTable('regrade_target')
    .addColumn('run_id', 'text', (c) => c.notNull().references('regrade_run.id').onDelete('cascade'))
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submission.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('regrade_target_pk', ['run_id', 'submission_id'])
    .execute();

  await db.schema
    .createTable('regrade')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('regrade_run.id').onDelete('cascade'))
    .addColumn('submission_id', 'text', (c) => c.notNull().references('submission.id').onDelete('cascade'))
    .addColumn('exercise_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('result_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // A resumed run never grades a submission twice.
    .addUniqueConstraint('regrade_run_submission', ['run_id', 'submission_id'])
    .execute();
  await db.schema.createIndex('regrade_submission_idx').on('regrade').columns(['submission_id', 'created_at']).execute();

  // kind is 'exercise' or 'section'; an exercise's own dates win over its section's.
  await db.schema
    .createTable('deadline')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'bigint')
    .addColumn('due_at', 'bigint')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadline_pk', ['kind', 'target_id'])
    .execute();

  // A submission recorded after its due date; due_at is the date it missed.
  await db.schema
    .createTable('late_submission')
    .addColumn('submission_id', 'text', (c) => c.primaryKey().references('submission.id').onDelete('cascade'))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('roster_entry')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('student_number', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account_block')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('user.id').onDelete('cascade'))
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['account_block', 'roster_entry', 'late_submission', 'deadline', 'regrade', 'regrade_target', 'regrade_run', 'score_override']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
