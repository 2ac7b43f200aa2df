import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Accounts people manage themselves. `user.mustChangePassword` is set when someone else chose the
 * password (roster import, an instructor's new account, a staff reset) and cleared when the person
 * sets their own: until then every page sends them to /account/password. better-auth reads and
 * writes it as an additional user field (lib/auth/auth.ts), so it follows better-auth's column
 * naming and its boolean type per database (integer on SQLite, as `emailVerified`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .alterTable('user')
    .addColumn('mustChangePassword', postgres ? 'boolean' : 'integer', (c) => c.notNull().defaultTo(postgres ? sql`false` : 0))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user').dropColumn('mustChangePassword').execute();
}
