import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { spawnScript, stopChild, waitUntil, type ChildWorker } from './queue-helpers';
import { signUpStudent, startSite, TEST_DB, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * The SQLite grading queue (lib/queue/sqlite-queue.ts): its job table, taken by the grading loop
 * of a web process. A poison job that kills every server taking it, jobs left taken by processes
 * that are gone, and duplicate deliveries. (SQLite pass only; PostgreSQL's queue has
 * queue-transaction/queue-crash.)
 */
const env = useTempSiteEnv();
const solution = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
const HOOKED = `${solution}\n// deltalab-test-hook\n`;
const children: ChildWorker[] = [];
let pool: GraderPool | undefined;
let userId: string;

async function db() {
  const { getDb } = await import('../../lib/db');
  return getDb();
}

/** A submission and its job as the submit path writes them, without this process's queue. */
async function recordWithoutQueue(code: string, key: string, job: { taken_by?: string } = {}): Promise<string> {
  const { newId } = await import('../../lib/db/ids');
  const { insertSubmission } = await import('../../lib/db/submissions');
  const id = newId();
  const now = Date.now();
  await (await db()).transaction().execute(async (trx) => {
    await insertSubmission(trx, { id, user_id: userId, exercise_id: 'sigmoid-prime', exercise_version: 'v-test', mode: 'submit', code, idempotency_key: key, locale: 'en', created_at: now });
    if (job.taken_by) await trx.updateTable('submission').set({ status: 'grading', started_at: now, grading_attempts: 1 }).where('id', '=', id).execute();
    await trx
      .insertInto('grading_job')
      .values({ id: newId(), submission_id: id, run_id: null, state: job.taken_by ? 'taken' : 'queued', priority: 1, run_after: now, attempts: job.taken_by ? 1 : 0, taken_by: job.taken_by ?? null, taken_at: job.taken_by ? now : null, created_at: now, finished_at: null })
      .execute();
  });
  return id;
}

async function row(id: string) {
  return (await db()).selectFrom('submission').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function jobsOf(id: string) {
  return (await db()).selectFrom('grading_job').select(['state', 'attempts', 'lost', 'taken_by']).where('submission_id', '=', id).orderBy('created_at').execute();
}

const final = (status: string) => status !== 'queued' && status !== 'grading';

describe.skipIf(TEST_DB === 'postgres')('the SQLite grading queue', () => {
  beforeAll(async () => {
    await startSite();
    userId = (await viewerFor(await signUpStudent('sqlite-queue@example.com')))!.id;
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await pool?.close();
    const { closeDb } = await import('../../lib/db');
    await closeDb();
    env.cleanup();
  });

  // First: this process has no grading loop yet, so only the child servers take the job.
  it('a job that kills every server taking it ends as a failed-to-grade verdict (score 0)', async () => {
    const id = await recordWithoutQueue(HOOKED, 'poison-1');
    // Servers restarted by a supervisor; each takes the job on start and dies of it.
    const started: ChildWorker[] = [];
    let stopped = false;
    const start = () => {
      const child = spawnScript('test/integration/fixtures/sqlite-grading-server.ts', {
        DATABASE_PATH: process.env.DATABASE_PATH!,
        DELTALAB_WORKER_TEST_HOOK: 'crash',
        DELTALAB_GRADING_RETRY_LIMIT: '1',
        DELTALAB_GRADER_POOL_SIZE: '1',
      });
      started.push(child);
      children.push(child);
      void child.exited.then(() => {
        if (started.length < 5 && !stopped) start();
      });
    };
    start();
    const graded = await waitUntil(async () => {
      const r = await row(id);
      return final(r.status) ? r : undefined;
    }, 120_000, 'the poison submission to get a verdict');
    stopped = true;
    await Promise.all(started.map((c) => stopChild(c)));

    expect(graded).toMatchObject({ status: 'grading_failed', score: 0, grading_attempts: 2 });
    expect(JSON.parse(graded.result_json!)).toMatchObject({ status: 'grading_failed', score: 0 });
    // Two servers died holding it; the third found it lost twice (limit 1) and failed it.
    expect(started.filter((c) => c.proc.signalCode === 'SIGKILL')).toHaveLength(2);
    expect(await jobsOf(id)).toEqual([{ state: 'failed', attempts: 2, lost: 2, taken_by: null }]);
  }, 180_000);

  it('takes back jobs left taken by a process that is gone, and leaves a live one’s alone', async () => {
    const database = await db();
    // A pid that ran on this host and has exited; a heartbeat from elsewhere ten minutes old; a
    // fresh heartbeat from elsewhere (alive, as far as anyone can tell).
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid!;
    const now = Date.now();
    const workers = [
      { id: 'dead-local', host: os.hostname(), pid: deadPid, concurrency: 1, started_at: now, seen_at: now },
      { id: 'stale-remote', host: 'elsewhere', pid: 1, concurrency: 1, started_at: now - 600_000, seen_at: now - 600_000 },
      { id: 'live-remote', host: 'elsewhere', pid: 1, concurrency: 1, started_at: now, seen_at: now },
    ];
    await database.insertInto('grading_worker').values(workers).execute();
    const deadLocal = await recordWithoutQueue(solution, 'taken-dead-local', { taken_by: 'dead-local' });
    const staleRemote = await recordWithoutQueue(solution, 'taken-stale-remote', { taken_by: 'stale-remote' });
    const neverRegistered = await recordWithoutQueue(solution, 'taken-no-heartbeat', { taken_by: 'no-such-worker' });
    const liveRemote = await recordWithoutQueue(solution, 'taken-live-remote', { taken_by: 'live-remote' });

    // "Restart": start-up recovery, then this process's loop grades what it took back.
    pool = createPool({ size: 1 });
    const { setGradingPool, recoverOnStart } = await import('../../lib/site/grading');
    setGradingPool(pool);
    await pool.ready();
    await recoverOnStart();
    for (const id of [deadLocal, staleRemote, neverRegistered]) {
      const graded = await waitUntil(async () => {
        const r = await row(id);
        return final(r.status) ? r : undefined;
      }, 60_000, 'a reclaimed job to be graded');
      expect(graded).toMatchObject({ status: 'passed', score: 1, grading_attempts: 2 });
      expect(await jobsOf(id)).toEqual([expect.objectContaining({ state: 'done', attempts: 2, lost: 1 })]);
    }
    expect((await row(liveRemote)).status).toBe('grading');
    expect(await jobsOf(liveRemote)).toEqual([{ state: 'taken', attempts: 1, lost: 0, taken_by: 'live-remote' }]);
    // The dead local process's heartbeat row is gone; the others are the remote hosts' business.
    expect((await database.selectFrom('grading_worker').select('id').where('id', 'in', workers.map((w) => w.id)).execute()).map((w) => w.id).sort()).toEqual(['live-remote', 'stale-remote']);
    // Done with the pretend live worker: its job and row go, so they do not linger for the next test.
    await database.deleteFrom('submission').where('id', '=', liveRemote).execute();
    await database.deleteFrom('grading_worker').where('host', '=', 'elsewhere').execute();
  }, 120_000);

  it('duplicate deliveries store one verdict, counted once; a late one changes nothing', async () => {
    const { newId } = await import('../../lib/db/ids');
    const { insertJobs } = await import('../../lib/db/jobs');
    const { progressForUser } = await import('../../lib/db/submissions');
    const { recordSubmission, setGradingPool } = await import('../../lib/site/grading');
    const database = await db();
    const dupCode = `${solution}\n// duplicate delivery\n`;
    const gradings: string[] = [];
    // The real pool, counting the gradings of this submission's code.
    setGradingPool({ ...pool!, grade: (job, opts) => (job.code === dupCode && gradings.push(job.code), pool!.grade(job, opts)), stats: () => pool!.stats(), ready: () => pool!.ready(), close: () => pool!.close() });

    // The real submit path's row and job, and the same submission delivered twice more.
    const { row: recorded } = await recordSubmission({ id: newId(), user_id: userId, exercise_id: 'sigmoid-prime', exercise_version: 'v-test', mode: 'submit', code: dupCode, idempotency_key: 'dup-1', locale: 'en', created_at: Date.now() });
    await insertJobs(database, [{ submissionId: recorded.id, priority: 1 }, { submissionId: recorded.id, priority: 1 }]);
    const allDone = async () => {
      const list = await jobsOf(recorded.id);
      return list.every((j) => j.state === 'done') ? list : undefined;
    };
    expect(await waitUntil(allDone, 60_000, 'the three deliveries to be done')).toHaveLength(3);
    const stored = await row(recorded.id);
    expect(stored).toMatchObject({ status: 'passed', score: 1 });
    // Deliveries that found the verdict stored did not grade; concurrent ones may have.
    expect(gradings.length).toBeGreaterThanOrEqual(1);
    expect(gradings.length).toBeLessThanOrEqual(3);
    expect(stored.grading_attempts).toBe(gradings.length);
    const submissions = await database.selectFrom('submission').select('id').where('user_id', '=', userId).execute();
    expect(await progressForUser(database, userId, 'sigmoid-prime')).toEqual([{ exercise_id: 'sigmoid-prime', best_score: 1, attempts: submissions.length }]);

    // A late delivery after the verdict: nothing graded, nothing written.
    const before = gradings.length;
    await insertJobs(database, [{ submissionId: recorded.id, priority: 1 }]);
    expect(await waitUntil(allDone, 30_000, 'the late delivery')).toHaveLength(4);
    expect(gradings.length).toBe(before);
    expect(await row(recorded.id)).toEqual(stored);
    setGradingPool(pool);
  }, 120_000);
});
