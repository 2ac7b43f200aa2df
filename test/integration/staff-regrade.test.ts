import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { signUpStudent, startSite, useTempSiteEnv } from './site-helpers';
import { accountWithRole, apiRequest, sigmoidSolution, sigmoidStarter, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * Regrading: results stored beside the originals, the gradebook counting the latest regrade, the
 * progress API, and a run interrupted by a killed server that the next start resumes.
 */

const env = useTempSiteEnv();
let pool: GraderPool;
let staff: string;
let carol: string;
let dave: string;
const LOOPING = 'export function sigmoidPrime(x: number): number { while (true) {} }';

beforeAll(async () => {
  pool = createPool({ size: 2 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  staff = await accountWithRole('ta@example.com', 'staff');
  carol = await signUpStudent('carol@example.com');
  dave = await signUpStudent('dave@example.com');
  await pool.ready();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

/** A submission as an older version of the checks graded it: stored verdict `score`, any code. */
async function storedSubmission(cookie: string, exerciseId: string, code: string, score: number, at: number): Promise<string> {
  const { getDb } = await import('../../lib/db');
  const { newId } = await import('../../lib/db/ids');
  const id = newId();
  const user = await viewerOf(cookie);
  await (await getDb())
    .insertInto('submission')
    .values({ id, user_id: user.id, offering_id: user.offering?.id ?? null, exercise_id: exerciseId, exercise_version: 'old-version', mode: 'submit', status: score === 1 ? 'passed' : 'failed', score, points: score, max_points: 1, code, result_json: JSON.stringify({ status: 'failed', checks: [] }), idempotency_key: `stored-${id}`, locale: 'en', created_at: at, started_at: at, graded_at: at, grade_ms: 1 })
    .execute();
  return id;
}

describe('regrade', () => {
  it('stores each result beside the original, and the gradebook counts the latest regrade', async () => {
    const t0 = Date.now() - 10_000;
    const carolSolution = await storedSubmission(carol, 'sigmoid-prime', sigmoidSolution, 0, t0);
    const daveStarter = await storedSubmission(dave, 'sigmoid-prime', sigmoidStarter, 0.5, t0 + 1);
    const { startRegrade, runRegrade } = await import('../../lib/staff/regrade');
    const viewer = await viewerOf(staff);
    const run = await startRegrade(viewer, { exerciseId: 'sigmoid-prime' });
    expect(run).toMatchObject({ status: 'running', total: 2 });
    await runRegrade(run.id);

    const { GET } = await import('../../app/api/staff/regrade/[id]/route');
    const res = await GET(apiRequest(`/api/staff/regrade/${run.id}`, { cookie: staff }), { params: Promise.resolve({ id: run.id }) });
    expect(((await res.json()) as { run: unknown }).run).toMatchObject({ status: 'done', total: 2, done: 2 });

    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    const originals = await db.selectFrom('submission').select(['id', 'score', 'exercise_version']).where('id', 'in', [carolSolution, daveStarter]).orderBy('created_at').execute();
    expect(originals.map((o) => [o.score, o.exercise_version])).toEqual([
      [0, 'old-version'],
      [0.5, 'old-version'],
    ]);
    const regrades = await db.selectFrom('regrade').select(['submission_id', 'score', 'status']).where('run_id', '=', run.id).execute();
    expect(new Map(regrades.map((r) => [r.submission_id, r.status]))).toEqual(new Map([[carolSolution, 'passed'], [daveStarter, 'failed']]));

    const { getGradebook } = await import('../../lib/staff/gradebook');
    const book = await getGradebook(viewer, {});
    const cell = (email: string) => book.rows.find((r) => r.student.email === email)!.cells['exercise:sigmoid-prime']!;
    expect(cell('carol@example.com').bestScore).toBe(1);
    const daveRegrade = regrades.find((r) => r.submission_id === daveStarter)!.score;
    expect(cell('dave@example.com').bestScore).toBe(daveRegrade);
    expect(daveRegrade).toBeLessThan(1);

    const { reviewSubmissions } = await import('../../lib/staff/review');
    const review = await reviewSubmissions(viewer, (await viewerOf(carol)).id, 'sigmoid-prime');
    expect(review.submissions[0]).toMatchObject({ originalScore: 0, score: 1, source: 'regrade', regrade: { score: 1, status: 'passed' } });
  });

  it('regrades one student only when asked', async () => {
    const { startRegrade, runRegrade } = await import('../../lib/staff/regrade');
    const run = await startRegrade(await viewerOf(staff), { exerciseId: 'sigmoid-prime', userId: (await viewerOf(dave)).id });
    expect(run.total).toBe(1);
    await runRegrade(run.id);
    const { getDb } = await import('../../lib/db');
    const rows = await (await getDb()).selectFrom('regrade').innerJoin('submission', 'submission.id', 'regrade.submission_id').select('submission.user_id').where('run_id', '=', run.id).execute();
    expect(rows.map((r) => r.user_id)).toEqual([(await viewerOf(dave)).id]);
  });

  it('resumes a run that a killed server left unfinished, grading each submission once', async () => {
    const base = Date.now() - 5_000;
    // tanh-prime: its own exercise, so this run covers exactly these three.
    const ids = [
      await storedSubmission(carol, 'tanh-prime', 'export function tanhPrime(x: number): number { return 1 - Math.tanh(x) ** 2; }', 0, base),
      await storedSubmission(carol, 'tanh-prime', LOOPING.replace('sigmoidPrime', 'tanhPrime'), 0, base + 1),
      await storedSubmission(dave, 'tanh-prime', 'export function tanhPrime(x: number): number { return 0; }', 0, base + 2),
    ];
    const tsx = pathToFileURL(createRequire(path.resolve('package.json')).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', tsx, 'test/integration/fixtures/staff-regrade-worker.ts'], {
      env: { ...process.env, STAFF_EMAIL: 'ta@example.com', EXERCISE_ID: 'tanh-prime', DELTALAB_GRADER_POOL_SIZE: '2' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const runId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        const m = /REGRADING (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${out}`)));
    });
    // The server dies mid-run: the looping submission is still being graded.
    child.kill('SIGKILL');
    await exited;

    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    const run = await db.selectFrom('regrade_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.status).toBe('running');
    expect(run.total).toBe(3);
    const before = await db.selectFrom('regrade').select('submission_id').where('run_id', '=', runId).execute();
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(3);

    // "Restart": what lib/site/startup.ts calls once the pool is warm.
    const { resumeRegradeRuns, runRegrade } = await import('../../lib/staff/regrade');
    expect(await resumeRegradeRuns()).toEqual([runId]);
    await runRegrade(runId);

    const after = await db.selectFrom('regrade').select(['submission_id', 'status']).where('run_id', '=', runId).execute();
    expect(after).toHaveLength(3);
    expect(new Set(after.map((r) => r.submission_id))).toEqual(new Set(ids));
    expect(new Map(after.map((r) => [r.submission_id, r.status]))).toEqual(
      new Map([
        [ids[0], 'passed'],
        [ids[1], 'timeout'],
        [ids[2], 'failed'],
      ]),
    );
    // Those graded before the crash were not graded again.
    for (const b of before) expect(after.filter((a) => a.submission_id === b.submission_id)).toHaveLength(1);
    expect((await db.selectFrom('regrade_run').select('status').where('id', '=', runId).executeTakeFirstOrThrow()).status).toBe('done');
    const originals = await db.selectFrom('submission').select('score').where('id', 'in', ids).execute();
    expect(originals.every((o) => o.score === 0)).toBe(true);
    expect(await resumeRegradeRuns()).toEqual([]);
  }, 120_000);

  it('refuses unknown exercises and runs', async () => {
    const { startRegrade, getRegradeRun } = await import('../../lib/staff/regrade');
    const viewer = await viewerOf(staff);
    await expect(startRegrade(viewer, { exerciseId: 'no-such' })).rejects.toMatchObject({ status: 404 });
    await expect(getRegradeRun(viewer, 'not-a-uuid')).rejects.toMatchObject({ status: 404 });
  });
});
