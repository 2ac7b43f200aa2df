/**
 * `npm run test:pg`: the integration suite again, on PostgreSQL (DELTALAB_TEST_DB=postgres: each
 * test file gets a scratch database on TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres). Also runs the queue tests, which need PostgreSQL.
 * When no server is reachable it says so loudly and skips, except under CI=true, where that fails.
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const problem = await reachable();
if (problem) {
  const banner = '!'.repeat(78);
  console.error(`\n${banner}\n  PostgreSQL is not reachable at ${url}\n  (${problem})\n  The PostgreSQL pass of the integration tests and the queue tests did NOT run.\n${banner}\n`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

const args = ['vitest', 'run', 'test/integration', ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, DELTALAB_TEST_DB: 'postgres', TEST_DATABASE_URL: url } });
process.exit(run.status ?? 1);
