import type { Kysely } from 'kysely';

/**
 * LTI 1.3 (lib/lti): the platforms (LMSs) registered with deltalab, deltalab's own signing keys,
 * the single-use login states of OIDC launches, the people and courses a platform launched, the
 * resource links deep linking placed, and the outbox of scores sent back to the platforms' grade
 * books (AGS). Every time is epoch milliseconds.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lti_platform')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // JSON array of the deployment ids this registration accepts.
    .addColumn('deployment_ids', 'text', (c) => c.notNull())
    .addColumn('auth_url', 'text', (c) => c.notNull())
    .addColumn('token_url', 'text', (c) => c.notNull())
    .addColumn('jwks_url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('lti_platform_issuer_client', ['issuer', 'client_id'])
    .execute();

  await db.schema
    .createTable('lti_key')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Set when a newer key replaced it: still published until the grace period ends.
    .addColumn('retired_at', 'bigint')
    .execute();

  await db.schema
    .createTable('lti_login')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull().unique())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platform.id').onDelete('cascade'))
    // SHA-256 of the random value in the browser's cookie: the launch must come from that browser.
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    // JSON of the initiation's parameters: a launch whose cookie the browser blocked can be
    // started again in a new window from them.
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await db.schema
    .createTable('lti_user')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_user_pk', ['issuer', 'sub'])
    .execute();

  await db.schema
    .createTable('lti_context')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platform.id').onDelete('cascade'))
    .addColumn('context_id', 'text', (c) => c.notNull())
    .addColumn('offering_id', 'text')
    .addColumn('title', 'text')
    .addColumn('memberships_url', 'text')
    .addColumn('lineitems_url', 'text')
    .addColumn('roster_synced_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_context_pk', ['platform_id', 'context_id'])
    .execute();

  await db.schema
    .createTable('lti_resource_link')
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platform.id').onDelete('cascade'))
    .addColumn('resource_link_id', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text')
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('lineitem_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_resource_link_pk', ['platform_id', 'resource_link_id'])
    .execute();
  await db.schema.createIndex('lti_resource_link_item_idx').on('lti_resource_link').columns(['item_kind', 'item_id']).execute();

  // A deep linking request waiting for the instructor's choice (DL 2.0 §4.4): where to post it back.
  await db.schema
    .createTable('lti_deep_link')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platform.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text')
    .addColumn('return_url', 'text', (c) => c.notNull())
    .addColumn('data', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await db.schema
    .createTable('lti_score_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform_id', 'text', (c) => c.notNull().references('lti_platform.id').onDelete('cascade'))
    .addColumn('lineitem_url', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('lti_sub', 'text', (c) => c.notNull())
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('score_given', 'real', (c) => c.notNull())
    .addColumn('score_maximum', 'real', (c) => c.notNull())
    // The score's own time: the platform keeps the newest, so a repeated delivery changes nothing.
    .addColumn('scored_at', 'bigint', (c) => c.notNull())
    // pending → sent, or pending again (with next_attempt_at) after a failure; superseded when a
    // newer score for the same line item and student is queued before this one was sent.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('lti_score_outbox_due_idx').on('lti_score_outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('lti_score_outbox_target_idx').on('lti_score_outbox').columns(['lineitem_url', 'user_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['lti_score_outbox', 'lti_deep_link', 'lti_resource_link', 'lti_context', 'lti_user', 'lti_login', 'lti_key', 'lti_platform']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
