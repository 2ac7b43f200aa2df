import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
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
    env: { ...process.env, USER_ID: userId, SOLUTION: solution, DELTALAB_GRADER_POOL_SIZE: '1' },
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

// In-process grading and its recovery exist only on SQLite. On PostgreSQL a killed grader is the
// queue's business: test/integration/queue-crash.test.ts kills a worker mid-job there.
describe.skipIf(TEST_DB === 'postgres')('recovery after a crash (SQLite, grading in process)', () => {
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

    // "Restart": the real recovery function, the real warm pool.
    pool = createPool({ size: 2 });
    const { setGradingPool, recoverInterruptedSubmissions } = await import('../../lib/site/grading');
    setGradingPool(pool);
    await pool.ready();
    const recovered = await recoverInterruptedSubmissions();
    expect(recovered).toEqual({ found: 2, graded: 2 });

    const looping = await status(worker.looping);
    expect(looping.status).toBe('timeout');
    expect(looping.grading_attempts).toBe(2);
    expect(JSON.parse(looping.result_json!).status).toBe('timeout');

    const waiting = await status(worker.waiting);
    expect(waiting.status).toBe('passed');
    expect(waiting.score).toBe(1);
    expect(waiting.grading_attempts).toBe(1);

    // Nothing is left in flight, and a second recovery finds nothing.
    expect(await recoverInterruptedSubmissions()).toEqual({ found: 0, graded: 0 });
  }, 120_000);
});
