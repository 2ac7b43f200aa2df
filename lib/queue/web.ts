import { sql, type Kysely, type RawBuilder } from 'kysely';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/schema';
import { IN_FLIGHT } from '../db/submissions';
import { logEvent } from '../log';
import { startBoss } from './boss';
import { BOSS_SCHEMA, GRADE_DEAD_QUEUE, GRADE_QUEUE, GRADED_CHANNEL } from './config';
import { enqueueGrading } from './enqueue';

/**
 * The web server's side of the queue (PostgreSQL only): its pg-boss instance for sending, a single
 * LISTEN connection that learns when workers store verdicts, and the recovery that re-enqueues
 * submissions left without a job.
 */

const BOSS = Symbol.for('deltalab.webBoss');
const LISTENER = Symbol.for('deltalab.gradedListener');
type Listener = { client: pg.Client; waiters: Map<string, Set<() => void>> };
type Holder = { [BOSS]?: Promise<PgBoss>; [LISTENER]?: Promise<Listener> };

/** The process's pg-boss instance (no maintenance: workers do that). */
export function webBoss(url: string): Promise<PgBoss> {
  const holder = globalThis as Holder;
  holder[BOSS] ??= startBoss(url, 'web').catch((err: unknown) => {
    delete holder[BOSS];
    throw err;
  });
  return holder[BOSS];
}

function listener(url: string): Promise<Listener> {
  const holder = globalThis as Holder;
  holder[LISTENER] ??= (async () => {
    const client = new pg.Client({ connectionString: url, application_name: 'deltalab-web-listen' });
    const state: Listener = { client, waiters: new Map() };
    const drop = (err?: Error) => {
      if (err) logEvent('warn', 'web.listen_lost', { error: err });
      if (holder[LISTENER] && state.client === client) delete holder[LISTENER];
      // Whoever waited re-reads the row; the next wait opens a new connection.
      for (const set of state.waiters.values()) for (const wake of set) wake();
      state.waiters.clear();
    };
    client.on('error', drop);
    client.on('end', () => drop());
    client.on('notification', (msg) => {
      const set = msg.payload ? state.waiters.get(msg.payload) : undefined;
      if (!set) return;
      state.waiters.delete(msg.payload!);
      for (const wake of set) wake();
    });
    await client.connect();
    await client.query(`LISTEN ${GRADED_CHANNEL}`);
    return state;
  })().catch((err: unknown) => {
    delete holder[LISTENER];
    throw err;
  });
  return holder[LISTENER];
}

/**
 * Waits until a worker announces the verdict of `id`, or `ms` pass. `isFinal` is asked once the
 * wait is registered (so a verdict stored in between is not missed). One LISTEN connection serves
 * every waiting request of the process; without it, this falls back to polling with backoff.
 */
export async function waitForVerdict(url: string, id: string, ms: number, isFinal: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  let state: Listener | undefined;
  try {
    state = await listener(url);
  } catch (err) {
    logEvent('warn', 'web.listen_unavailable', { error: err });
  }
  if (!state) {
    for (let delay = 100; Date.now() < deadline; delay = Math.min(1_000, delay * 2)) {
      if (await isFinal()) return;
      await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(0, deadline - Date.now()))));
    }
    return;
  }
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const set = state.waiters.get(id) ?? new Set();
  set.add(wake);
  state.waiters.set(id, set);
  let timer: NodeJS.Timeout | undefined;
  try {
    if (await isFinal()) return;
    await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))))]);
  } finally {
    clearTimeout(timer);
    set.delete(wake);
    if (set.size === 0 && state.waiters.get(id) === set) state.waiters.delete(id);
  }
}

/** Closes the web side's queue connections (tests, shutdown). */
export async function closeWebQueue(): Promise<void> {
  const holder = globalThis as Holder;
  const boss = holder[BOSS];
  const listen = holder[LISTENER];
  delete holder[BOSS];
  delete holder[LISTENER];
  await (await listen?.catch(() => undefined))?.client.end().catch(() => undefined);
  await (await boss?.catch(() => undefined))?.stop({ graceful: false, wait: true }).catch(() => undefined);
}

/**
 * A live (not yet finished) grading job of a submission on the grading or dead-letter queue: of
 * its own grading when `runId` is null, else of its regrade for that run.
 */
export function liveJob(submissionId: RawBuilder<unknown> | string, runId: string | null): RawBuilder<unknown> {
  return sql`select 1 from ${sql.table(`${BOSS_SCHEMA}.job`)} j
      where j.name in (${GRADE_QUEUE}, ${GRADE_DEAD_QUEUE}) and j.state < 'completed' and j.data->>'submissionId' = ${submissionId}
        and ${runId === null ? sql`j.data->>'runId' is null` : sql`j.data->>'runId' = ${runId}`}`;
}

/**
 * Submissions in flight with no live job in the grading or dead-letter queue: left by a database
 * restored from backup, a job deleted by hand, or a bug. Each gets a new job, under a row lock so
 * two web servers starting together do not both enqueue it. Returns the ids re-enqueued.
 */
export async function requeueOrphans(db: Kysely<Database>, boss: PgBoss, opts: { olderThan?: number } = {}): Promise<string[]> {
  const orphanFilter = (s: string) => sql<boolean>`not exists (${liveJob(sql.ref(s), null)})`;
  let query = db.selectFrom('submission').select('id').where('status', 'in', IN_FLIGHT).where(orphanFilter('submission.id'));
  if (opts.olderThan !== undefined) query = query.where('created_at', '<', opts.olderThan);
  const candidates = await query.orderBy('created_at').execute();
  const requeued: string[] = [];
  for (const { id } of candidates) {
    const done = await db.transaction().execute(async (trx) => {
      // Lock first, then look again in a fresh statement: it sees a job another server committed
      // while this one waited for the lock.
      const locked = await trx.selectFrom('submission').select('id').where('id', '=', id).where('status', 'in', IN_FLIGHT).forUpdate().executeTakeFirst();
      if (!locked) return false;
      const still = await trx.selectFrom('submission').select('id').where('id', '=', id).where(orphanFilter('submission.id')).executeTakeFirst();
      if (!still) return false;
      await enqueueGrading(boss, trx, id);
      return true;
    });
    if (done) requeued.push(id);
  }
  if (requeued.length > 0) logEvent('warn', 'queue.requeued_orphans', { count: requeued.length, submissions: requeued });
  return requeued;
}
