import os from 'node:os';
import { beforeDbClose, getConnection, type Connection } from '../db';
import { queueSettings } from './config';
import type { GradingQueue } from './grading-queue';
import { PgGradingQueue } from './pg-queue';
import { SqliteGradingQueue } from './sqlite-queue';

/**
 * The process's grading queue, for the database it talks to: SQLite → the job table graded in
 * this process (its loop starts with the queue), PostgreSQL → pg-boss graded by workers. One per
 * process and connection, kept on globalThis so every bundle of a Next.js server shares it.
 */
const KEY = Symbol.for('deltalab.gradingQueue');
type Holder = { [KEY]?: { connection: Connection; queue: GradingQueue } };

export async function gradingQueue(): Promise<GradingQueue> {
  const connection = await getConnection();
  const holder = globalThis as Holder;
  const current = holder[KEY];
  if (current?.connection === connection) return current.queue;
  // The connection was closed and reopened (tests, scripts): the old queue's loop stops.
  if (current) void current.queue.close(0).catch(() => undefined);
  const queue = createQueue(connection);
  holder[KEY] = { connection, queue };
  // Closing the connection stops the queue first, letting running gradings finish a little.
  beforeDbClose(async () => {
    if (holder[KEY]?.queue === queue) delete holder[KEY];
    await queue.close(5_000);
  });
  if (queue instanceof SqliteGradingQueue) void queue.start().catch(() => undefined);
  return queue;
}

function createQueue(connection: Connection): GradingQueue {
  if (connection.config.kind === 'postgres') return new PgGradingQueue(connection.db, connection.config.url);
  const settings = queueSettings();
  // Takers per process: DELTALAB_WORKER_CONCURRENCY, else at least 16 and four per child, so the
  // gradings waiting for a child wait in the pool's own queue (which serves students round-robin
  // and dispatches the moment a child is free), as they did before the job table, rather than in
  // the table behind a take query. bench:site measured fewer takers as slower under load.
  // (The pool's size as grader/pool.ts reads it, without starting a pool here.)
  const poolSize = Number(process.env.DELTALAB_GRADER_POOL_SIZE) || os.availableParallelism();
  const concurrency = process.env.DELTALAB_WORKER_CONCURRENCY ? settings.concurrency : Math.max(16, 4 * poolSize);
  return new SqliteGradingQueue(connection.db, settings, concurrency);
}

/** Stops this process's queue (running gradings finish, up to `timeoutMs`): tests and shutdown. */
export async function closeGradingQueue(timeoutMs?: number): Promise<void> {
  const holder = globalThis as Holder;
  const current = holder[KEY];
  delete holder[KEY];
  await current?.queue.close(timeoutMs);
}
