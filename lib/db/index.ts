import 'server-only';
import type { Kysely } from 'kysely';
import { openConnection, type Connection } from './connection';
import { migrateToLatest } from './migrate';
import type { Database } from './schema';

export type { Database } from './schema';
export type { Connection } from './connection';

/**
 * One connection per process, migrated before first use: a fresh clone needs no setup step.
 * Kept on globalThis because Next.js may load this module once per bundle (pages, route handlers,
 * instrumentation), and all of them must share one SQLite handle.
 */
const KEY = Symbol.for('deltalab.db');
type Holder = { [KEY]?: Promise<Connection> };

export function getConnection(): Promise<Connection> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const connection = await openConnection();
    await migrateToLatest(connection.db);
    return connection;
  })().catch((err: unknown) => {
    delete holder[KEY];
    throw err;
  });
  return holder[KEY];
}

export async function getDb(): Promise<Kysely<Database>> {
  return (await getConnection()).db;
}

const CLOSING = Symbol.for('deltalab.dbClosing');
type Hooks = { [CLOSING]?: Set<() => Promise<void>> };

/**
 * Runs `hook` before the process's connection is closed (the grading queue stops its loop there).
 * Returns a function that removes it.
 */
export function beforeDbClose(hook: () => Promise<void>): () => void {
  const holder = globalThis as Hooks;
  holder[CLOSING] ??= new Set();
  holder[CLOSING].add(hook);
  return () => holder[CLOSING]?.delete(hook);
}

/** Closes the process's connection (tests, scripts, shutdown). The next getDb() opens a new one. */
export async function closeDb(): Promise<void> {
  const holder = globalThis as Holder & Hooks;
  const hooks = [...(holder[CLOSING] ?? [])];
  holder[CLOSING]?.clear();
  for (const hook of hooks) await hook().catch(() => undefined);
  const pending = holder[KEY];
  delete holder[KEY];
  if (pending) await (await pending.catch(() => undefined))?.db.destroy();
}
