import type { Kysely } from 'kysely';

/**
 * Grading workers announce themselves here and refresh `seen_at` every few seconds, so /api/health
 * can tell whether anyone is taking jobs off the queue. Plain columns only: the table exists on
 * SQLite too (where the web server grades in process and does not heartbeat), so the schema is the
 * same everywhere.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grading_worker')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('concurrency', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addColumn('graded', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('grading_worker_seen_idx').on('grading_worker').column('seen_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('grading_worker').ifExists().execute();
}
