import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { logEvent } from '../log';
import type { Database as Schema } from './schema';

/**
 * Which database the site talks to: an SQLite file under ./data/ by default (`DATABASE_PATH`
 * moves it), PostgreSQL when `DATABASE_URL` is a postgres:// URL. Queries are written once, in
 * Kysely, for both.
 */
export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export function dataDir(): string {
  return process.env.DELTALAB_DATA_DIR ?? path.join(process.cwd(), 'data');
}

export function databaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  // A run-time location, not a file of the build: keep the bundler from tracing it.
  return { kind: 'sqlite', path: path.resolve(/*turbopackIgnore: true*/ env.DATABASE_PATH ?? path.join(dataDir(), 'deltalab.sqlite')) };
}

export interface Connection {
  db: Kysely<Schema>;
  config: DatabaseConfig;
  /** The dialect name better-auth's Kysely adapter expects. */
  authType: 'sqlite' | 'postgres';
}

export async function openConnection(config: DatabaseConfig = databaseConfig()): Promise<Connection> {
  let dialect: Dialect;
  if (config.kind === 'sqlite') {
    // 0700: sandbox children, which run as another user, must not open the database (grader/pool.ts).
    mkdirSync(path.dirname(config.path), { recursive: true, mode: 0o700 });
    const sqlite = new Database(config.path);
    // WAL lets page renders read while a grading result is written; NORMAL is durable across
    // process crashes (only an OS crash can lose the last commits).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    dialect = new SqliteDialect({ database: sqlite });
  } else {
    const pg = await import('pg');
    const { Pool, types } = pg.default;
    // bigint columns hold epoch milliseconds, well inside Number's exact range.
    types.setTypeParser(20, (v: string) => Number(v));
    // DATABASE_POOL_SIZE: connections per process; multiply by the number of processes against
    // PostgreSQL's max_connections.
    const max = Number(process.env.DATABASE_POOL_SIZE) || 10;
    const pool = new Pool({ connectionString: config.url, max });
    // An idle connection the server drops (restart, failover, pg_terminate_backend) is
    // discarded by the pool; without a listener its 'error' event would end the process.
    pool.on('error', (err: Error) => logEvent('warn', 'db.idle_connection_lost', { error: err }));
    dialect = new PostgresDialect({ pool });
  }
  return { db: new Kysely<Schema>({ dialect }), config, authType: config.kind };
}
