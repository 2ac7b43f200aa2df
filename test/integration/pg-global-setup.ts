import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * vitest global set-up: names this run (scratch PostgreSQL databases are prefixed with it, see
 * site-helpers.ts) and, at the end, drops every scratch database of the run still there.
 * Does nothing on the server unless the run used PostgreSQL (DELTALAB_TEST_DB=postgres).
 */
export default function setup(): () => Promise<void> {
  const run = randomBytes(3).toString('hex');
  process.env.DELTALAB_TEST_RUN = run;
  return async () => {
    if (process.env.DELTALAB_TEST_DB !== 'postgres') return;
    const url = process.env.TEST_DATABASE_URL || process.env.DELTALAB_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const left = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`deltalab_t_${run}_%`]);
      for (const { datname } of left.rows) await client.query(`drop database if exists "${datname}" with (force)`);
    } catch (err) {
      console.warn(`[pg-global-setup] could not drop this run's scratch databases: ${(err as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
}
