import type { Kysely } from 'kysely';

/**
 * LTI staff tools: each score in the outbox remembers the offering it counts in (so staff see and
 * resend only their offering's scores), and every change staff make to LMS connections
 * (registering, editing or removing a platform, rotating deltalab's key, resending a score,
 * syncing a roster) leaves a row: who, when, what.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lti_score_outbox').addColumn('offering_id', 'text').execute();
  await db.schema.createIndex('lti_score_outbox_offering_idx').on('lti_score_outbox').columns(['offering_id', 'created_at']).execute();

  await db.schema
    .createTable('lti_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Null for site-wide changes (platforms and keys belong to no offering).
    .addColumn('offering_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    // JSON: what the action was about (platform name and issuer, counts of a roster sync, …).
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_audit_created_idx').on('lti_audit').columns(['created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('lti_audit').ifExists().execute();
  await db.schema.dropIndex('lti_score_outbox_offering_idx').ifExists().execute();
  await db.schema.alterTable('lti_score_outbox').dropColumn('offering_id').execute();
}
