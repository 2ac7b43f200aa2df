import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * `session.embedded`: the session was opened by an LTI launch inside an LMS's iframe, so its
 * cookie is `SameSite=None; Secure` and must stay so whenever better-auth sets it again (the daily
 * refresh, an account change): lib/auth/embedded-cookies.ts reads it. better-auth reads and writes
 * it as an additional session field, so it has better-auth's boolean type per database (integer on
 * SQLite), like `user.mustChangePassword` (009).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('session')
    .addColumn('embedded', postgres ? 'boolean' : 'integer', (c) => c.notNull().defaultTo(postgres ? sql`false` : 0))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('session').dropColumn('embedded').execute();
}
