import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { waitUntil } from './queue-helpers';
import { signUpStudent, startSite, TEST_DB, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

const env = useTempSiteEnv();
const solution = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
let pool: GraderPool | undefined;

beforeAll(async () => {
  await startSite();
});

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

/** Starts the crash worker and resolves with the ids it reports once a grading is under way. */
function runWorkerUntilGrading(userId: string): Promise<{ pid: number; looping: string; waiting: string; exited: Promise<unknown> }> {
  const tsx = pathToFileURL(createRequire(path.resolve('package.json')).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', tsx, 'test/integration/fixtures/site-crash-worker.ts'], {
    env: { ...process.env, USER_ID: userId, SOLUTION: solution, DELTALAB_GRADER_POOL_SIZE: '1', DELTALAB_WORKER_CONCURRENCY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const m = /GRADING (\S+) (\S+)/.exec(out);
      if (m) resolve({ pid: child.pid!, looping: m[1]!, waiting: m[2]!, exited });
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${out}`)));
  });
}

// The SQLite queue's loop runs in the web process: killing the server kills its grader. On
// PostgreSQL a killed grader is a worker: test/integration/queue-crash.test.ts kills one mid-job.
describe.skipIf(TEST_DB === 'postgres')('recovery after a crash (SQLite, grading loop in the web process)', () => {
  it('grades the submissions a killed server left `grading` and `queued`', async () => {
    const cookie = await signUpStudent('crash@example.com');
    const viewer = await viewerFor(cookie);
    const worker = await runWorkerUntilGrading(viewer!.id);

    // The server and its grading die together, mid-grading.
    process.kill(worker.pid, 'SIGKILL');
    await worker.exited;

    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    const status = async (id: string) => (await db.selectFrom('submission').select(['status', 'grading_attempts', 'score', 'result_json']).where('id', '=', id).executeTakeFirstOrThrow());
    expect((await status(worker.looping)).status).toBe('grading');
    expect((await status(worker.waiting)).status).toBe('queued');

    const jobs = async () => db.selectFrom('grading_job').select(['submission_id', 'state', 'lost', 'attempts']).where('submission_id', 'in', [worker.looping, worker.waiting]).orderBy('created_at').orderBy('submission_id').execute();
    // The dead server's job is still marked taken; the other was never taken.
    expect(new Map((await jobs()).map((j) => [j.submission_id, j.state]))).toEqual(new Map([[worker.looping, 'taken'], [worker.waiting, 'queued']]));

    // "Restart": the real start-up recovery (it only enqueues), the real warm pool, this process's
    // grading loop taking the jobs.
    pool = createPool({ size: 2 });
    const { setGradingPool, recoverOnStart } = await import('../../lib/site/grading');
    setGradingPool(pool);
    await pool.ready();
    await recoverOnStart();
    const settled = await waitUntil(async () => {
      const rows = await Promise.all([status(worker.looping), status(worker.waiting)]);
      return rows.every((r) => r.status !== 'queued' && r.status !== 'grading') ? rows : undefined;
    }, 90_000, 'both submissions to get a verdict');

    const [looping, waiting] = settled;
    expect(looping!.status).toBe('timeout');
    expect(looping!.grading_attempts).toBe(2);
    expect(JSON.parse(looping!.result_json!).status).toBe('timeout');

    expect(waiting!.status).toBe('passed');
    expect(waiting!.score).toBe(1);
    expect(waiting!.grading_attempts).toBe(1);

    // The taken job was taken back once (its taker's pid is gone) and graded; no job was added.
    const after = await waitUntil(async () => {
      const list = await jobs();
      return list.every((j) => j.state === 'done') ? list : undefined;
    }, 10_000, 'both jobs to be done');
    expect(new Map(after.map((j) => [j.submission_id, [j.lost, j.attempts]]))).toEqual(new Map([[worker.looping, [1, 2]], [worker.waiting, [0, 1]]]));

    // A second recovery finds nothing to do.
    await recoverOnStart();
    expect(await jobs()).toHaveLength(2);
  }, 120_000);
});
