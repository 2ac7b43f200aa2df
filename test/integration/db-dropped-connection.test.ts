import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openConnection, type Connection } from '../../lib/db/connection';
import { reachPostgres, TEST_DATABASE_URL } from './site-helpers';

/**
 * A PostgreSQL server that drops an idle connection (restart, failover, an administrator's
 * pg_terminate_backend) must cost the site that connection, not the process: the next query
 * opens a new one. Without a listener on the pool, the dropped connection's error would be an
 * uncaught exception.
 */
const available = await reachPostgres('db-dropped-connection');

describe.skipIf(!available)('a dropped PostgreSQL connection', () => {
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.db.destroy();
  });

  it('is replaced on the next query; the process keeps running', async () => {
    const lost: string[] = [];
    const onUncaught = (err: Error) => lost.push(err.message);
    process.on('uncaughtException', onUncaught);
    try {
      connection = await openConnection({ kind: 'postgres', url: TEST_DATABASE_URL });
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(connection.db);
      const pid = before.rows[0]!.pid;

      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      // Give the pool time to receive the termination notice on its idle connection.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const after = await sql<{ pid: number; one: number }>`select pg_backend_pid() as pid, 1 as one`.execute(connection.db);
      expect(after.rows[0]!.one).toBe(1);
      expect(after.rows[0]!.pid).not.toBe(pid);
      expect(lost).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
