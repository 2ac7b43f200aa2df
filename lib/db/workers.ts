import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Heartbeat rows of grading workers (see migration 004). */

export async function registerWorker(db: Kysely<Database>, w: { id: string; host: string; pid: number; concurrency: number }): Promise<void> {
  const now = Date.now();
  await db.insertInto('grading_worker').values({ ...w, started_at: now, seen_at: now }).execute();
}

/** Refreshes a worker's heartbeat; re-creates the row if it was pruned while the worker was stalled. */
export async function heartbeat(db: Kysely<Database>, w: { id: string; host: string; pid: number; concurrency: number; graded: number }): Promise<void> {
  const now = Date.now();
  const updated = await db.updateTable('grading_worker').set({ seen_at: now, graded: w.graded }).where('id', '=', w.id).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('grading_worker').values({ ...w, started_at: now, seen_at: now }).execute();
}

export async function unregisterWorker(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('grading_worker').where('id', '=', id).execute();
}

/** Workers seen since `since`; rows older than `pruneBefore` (dead workers) are removed first. */
export async function liveWorkers(db: Kysely<Database>, since: number, pruneBefore?: number): Promise<{ id: string; host: string; concurrency: number; seen_at: number; graded: number }[]> {
  if (pruneBefore !== undefined) await db.deleteFrom('grading_worker').where('seen_at', '<', pruneBefore).execute();
  const rows = await db.selectFrom('grading_worker').select(['id', 'host', 'concurrency', 'seen_at', 'graded']).where('seen_at', '>=', since).orderBy('started_at').execute();
  return rows.map((r) => ({ ...r, seen_at: Number(r.seen_at), concurrency: Number(r.concurrency), graded: Number(r.graded) }));
}
