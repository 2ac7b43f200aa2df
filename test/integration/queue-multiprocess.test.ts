import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ON_POSTGRES, spawnScript, spawnWorker, stopChild, waitUntil, type ChildWorker } from './queue-helpers';
import { JOIN_CODE, ORIGIN, useTempSiteEnv } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * Scale-out: two web server processes and two grading worker processes sharing one PostgreSQL
 * database. Students sign in on one server and submit to either; each submission is graded once,
 * by one of the workers, and its verdict is visible from both servers.
 * (PostgreSQL pass only: `npm run test:pg`.)
 */
const env = useTempSiteEnv();
const SIGMOID = 'exercises/4.1-neurons/sigmoid-prime';
const solution = readFileSync(`${SIGMOID}/.meta/solution.ts`, 'utf8');
const starter = readFileSync(`${SIGMOID}/starter.ts`, 'utf8');
const METRICS_TOKEN = randomBytes(16).toString('hex');
const children: ChildWorker[] = [];
const webs: { child: ChildWorker; base: string }[] = [];

async function startWeb(): Promise<{ child: ChildWorker; base: string }> {
  const child = spawnScript('test/integration/fixtures/queue-web-server.ts', {
    DATABASE_URL: process.env.DATABASE_URL!,
    BETTER_AUTH_SECRET: 'shared-by-every-web-server-0123456789abcdef',
    BETTER_AUTH_URL: ORIGIN,
    DELTALAB_JOIN_CODE: JOIN_CODE,
    DELTALAB_GRADER_POOL_SIZE: '1',
    METRICS_TOKEN,
  });
  children.push(child);
  const line = await child.waitFor((l) => l.event === 'web.listening', 90_000);
  return { child, base: `http://127.0.0.1:${line.port as number}` };
}

async function call(base: string, path: string, init: { method?: string; cookie?: string; body?: unknown; token?: string } = {}): Promise<Response> {
  const headers = new Headers({ origin: ORIGIN });
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

describe.skipIf(!ON_POSTGRES)('two web servers and two workers on one database', () => {
  beforeAll(async () => {
    // The first web server migrates the scratch database; the second finds it migrated.
    webs.push(await startWeb());
    webs.push(await startWeb());
    for (let i = 0; i < 2; i++) children.push(spawnWorker({ DATABASE_URL: process.env.DATABASE_URL! }));
    await Promise.all(children.slice(2).map((w) => w.waitFor((l) => l.event === 'worker.started', 90_000)));
  }, 200_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => stopChild(c)));
    env.cleanup();
  });

  it('reports both workers in health, to either server', async () => {
    for (const web of webs) {
      const res = await call(web.base, '/api/health');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true, database: 'postgres', databaseReachable: true, workers: 2 });
    }
  });

  it('grades every submission once, whichever server took it, and both servers see the verdict', async () => {
    const signUp = await call(webs[0]!.base, '/api/auth/sign-up/email', { method: 'POST', body: { name: 'Mo', email: 'mo@example.com', password: 'correct-horse-42', joinCode: JOIN_CODE } });
    expect(signUp.status).toBe(200);
    const cookie = signUp.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    // The same idempotency key sent to both servers at once: one submission.
    const twice = await Promise.all(webs.map((w) => call(w.base, '/api/submissions', { method: 'POST', cookie, body: { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'both-servers-1' } })));
    const twiceIds = await Promise.all(twice.map(async (r) => ((await r.json()) as { submission: { id: string } }).submission.id));
    expect(twiceIds[0]).toBe(twiceIds[1]);

    // Four students' worth of submissions, spread over the two servers; at most 4 in flight each.
    const sent: { id: string; expect: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const batch = await Promise.all(
        [0, 1, 2].map(async (i) => {
          const code = (round + i) % 2 === 0 ? solution : starter;
          const res = await call(webs[i % 2]!.base, '/api/submissions', { method: 'POST', cookie, body: { exerciseId: 'sigmoid-prime', code, idempotencyKey: `spread-${round}-${i}` } });
          expect([200, 202]).toContain(res.status);
          const { submission } = (await res.json()) as { submission: { id: string } };
          return { id: submission.id, expect: code === solution ? 'passed' : 'failed' };
        }),
      );
      sent.push(...batch);
      // Wait for this round's verdicts through the *other* server before the next round.
      for (const [i, s] of batch.entries()) {
        const other = webs[(i + 1) % 2]!;
        const status = await waitUntil(async () => {
          const res = await call(other.base, `/api/submissions/${s.id}`, { cookie });
          const { submission } = (await res.json()) as { submission: { status: string } };
          return submission.status === 'queued' || submission.status === 'grading' ? undefined : submission.status;
        }, 60_000, `the verdict of ${s.id}`);
        expect(status).toBe(s.expect);
      }
    }

    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    const rows = await db.selectFrom('submission').select(['id', 'status', 'grading_attempts']).execute();
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.grading_attempts === 1)).toBe(true);

    // Each grading was done by exactly one worker, and both workers took part.
    // A worker stores the verdict, then logs it and tells the queue: wait for both to catch up.
    const workers = children.slice(2);
    const doneByWorkers = () => workers.map((w) => w.lines.filter((l) => l.event === 'grading.done').map((l) => l.submission as string));
    await waitUntil(async () => (doneByWorkers().flat().length >= rows.length ? true : undefined), 20_000, 'every worker to log its gradings');
    await waitUntil(async () => {
      const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'grade' and state = 'completed'`.execute(db);
      return r.rows[0]!.n >= rows.length ? true : undefined;
    }, 20_000, 'the queue to mark every job completed');
    const doneBy = doneByWorkers();
    expect(doneBy.flat().sort()).toEqual(rows.map((r) => r.id).sort());
    expect(doneBy.every((ids) => ids.length > 0)).toBe(true);

    // Metrics from either server cover the whole deployment; they need the token.
    expect((await call(webs[1]!.base, '/api/metrics')).status).toBe(401);
    expect((await call(webs[1]!.base, '/api/metrics', { token: 'wrong-token-wrong-token' })).status).toBe(401);
    const metrics = await (await call(webs[1]!.base, '/api/metrics', { token: METRICS_TOKEN })).text();
    expect(metrics).toContain(`deltalab_submissions_total{status="passed"} ${rows.filter((r) => r.status === 'passed').length}`);
    expect(metrics).toContain('deltalab_grading_latency_seconds_count 10');
    expect(metrics).toContain('deltalab_workers 2');
    expect(metrics).toMatch(/deltalab_queue_jobs\{queue="grade",state="completed"\} 10/);
  }, 180_000);
});
