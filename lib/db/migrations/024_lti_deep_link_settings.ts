import type { Kysely } from 'kysely';

/**
 * What a deep linking request allows (Deep Linking 2.0 §4.4.1 `deep_linking_settings`), kept with
 * the request so the picker and its response honour it: the content item types the platform
 * accepts (JSON array; null on requests stored before this), whether it accepts several items, and
 * whether it accepts line items (1/0; null: not said, which the specification reads as allowed
 * for line items and as one item only… see lib/lti/deep-linking.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lti_deep_link').addColumn('accept_types', 'text').execute();
  await db.schema.alterTable('lti_deep_link').addColumn('accept_multiple', 'integer').execute();
  await db.schema.alterTable('lti_deep_link').addColumn('accept_lineitem', 'integer').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('lti_deep_link').dropColumn('accept_lineitem').execute();
  await db.schema.alterTable('lti_deep_link').dropColumn('accept_multiple').execute();
  await db.schema.alterTable('lti_deep_link').dropColumn('accept_types').execute();
}
