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
      const dropped = poolReports('db.idle_connection_lost');
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      // The pool has taken the termination notice on its idle connection (its 'error' event, which
      // the site logs) before the next query: waiting for that event, not for a fixed time.
      await dropped;

      const after = await sql<{ pid: number; one: number }>`select pg_backend_pid() as pid, 1 as one`.execute(connection.db);
      expect(after.rows[0]!.one).toBe(1);
      expect(after.rows[0]!.pid).not.toBe(pid);
      expect(lost).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

/**
 * Resolves when the site logs `event` (lib/log.ts writes warnings as JSON lines on stderr). The
 * log level is lowered to warn for as long as the wait lasts, so a quieter DELTALAB_LOG_LEVEL
 * cannot hide the event.
 */
function poolReports(event: string): Promise<void> {
  const stderr = process.stderr;
  const write = stderr.write;
  const level = process.env.DELTALAB_LOG_LEVEL;
  process.env.DELTALAB_LOG_LEVEL = 'warn';
  return new Promise<void>((resolve) => {
    stderr.write = function (this: typeof stderr, chunk: unknown, ...rest: unknown[]) {
      if (String(chunk).includes(`"event":"${event}"`)) {
        stderr.write = write;
        if (level === undefined) delete process.env.DELTALAB_LOG_LEVEL;
        else process.env.DELTALAB_LOG_LEVEL = level;
        resolve();
      }
      return (write as (...args: unknown[]) => boolean).call(stderr, chunk, ...rest);
    } as typeof stderr.write;
  });
}
