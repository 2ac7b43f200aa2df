import type { Kysely } from 'kysely';

/**
 * Overrides that can be taken back and regrades that can be tried first.
 *
 * - `score_override.removed`: a row with removed = 1 takes the submission's override away (the
 *   newest row still decides, and the audit log keeps both the override and its removal).
 * - `regrade_run.dry_run` / `applied_at`: a dry run grades like any run but its results count only
 *   once staff apply it, after reading which scores would move.
 * Integers rather than booleans: one column type on SQLite and PostgreSQL.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('score_override').addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('regrade_run').addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('regrade_run').addColumn('applied_at', 'bigint').execute();
}
