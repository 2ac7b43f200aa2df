import { readFileSync } from 'node:fs';
import { NextRequest } from 'next/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ON_POSTGRES, spawnWorker, stopChild, waitUntil, type ChildWorker } from './queue-helpers';
import { ORIGIN, signUpStudent, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * Grading workers that die: real `scripts/worker.ts` child processes killed with SIGKILL while
 * they hold a job. Uses the worker's test hook (DELTALAB_WORKER_TEST_HOOK, see lib/queue/worker.ts):
 * code containing `deltalab-test-hook` makes a worker with the hook hang or kill itself.
 * (PostgreSQL pass only: `npm run test:pg`.)
 */
const env = useTempSiteEnv();
const solution = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
const HOOKED = `${solution}\n// deltalab-test-hook\n`;
const children: ChildWorker[] = [];
let cookie: string;
let userId: string;

function worker(extra: Record<string, string>): ChildWorker {
  const child = spawnWorker({ DATABASE_URL: process.env.DATABASE_URL!, ...extra });
  children.push(child);
  return child;
}

async function submit(code: string, key: string): Promise<{ status: number; id: string; submissionStatus: string }> {
  const { POST } = await import('../../app/api/submissions/route');
  const res = await POST(
    new NextRequest(`${ORIGIN}/api/submissions`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ exerciseId: 'sigmoid-prime', code, idempotencyKey: key }),
    }),
  );
  const body = (await res.json()) as { submission: { id: string; status: string } };
  return { status: res.status, id: body.submission.id, submissionStatus: body.submission.status };
}

async function row(id: string) {
  const { getDb } = await import('../../lib/db');
  return (await getDb()).selectFrom('submission').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function jobs(id: string) {
  const { getDb } = await import('../../lib/db');
  const r = await sql<{ name: string; state: string; retry_count: number }>`
    select name, state::text as state, retry_count from pgboss.job where data->>'submissionId' = ${id} order by created_on`.execute(await getDb());
  return r.rows;
}

describe.skipIf(!ON_POSTGRES)('grading workers that die (PostgreSQL, real worker processes)', () => {
  beforeAll(async () => {
    // The web side only: every grading here is done by child worker processes.
    process.env.DELTALAB_GRADING_EXPIRE_SECONDS = '3';
    const { prepareSite } = await import('../../lib/site/startup');
    await prepareSite({ recover: false, log: () => undefined });
    cookie = await signUpStudent('crash-queue@example.com');
    userId = (await viewerFor(cookie))!.id;
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.proc.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    const { closeDb } = await import('../../lib/db');
    await closeDb();
    env.cleanup();
  });

  it('a worker killed with SIGKILL mid-job loses nothing: the job expires and another worker grades it', async () => {
    const first = worker({ DELTALAB_WORKER_TEST_HOOK: 'hang', DELTALAB_GRADING_RETRY_LIMIT: '2' });
    await first.waitFor((l) => l.event === 'worker.started');
    const sent = await submit(HOOKED, 'killed-mid-job-1');
    expect(sent.status).toBe(202);
    await first.waitFor((l) => l.event === 'worker.test_hook' && l.submission === sent.id);
    expect((await row(sent.id)).status).toBe('grading');

    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = worker({ DELTALAB_GRADING_RETRY_LIMIT: '2' });
    try {
      const done = await second.waitFor((l) => l.event === 'grading.done' && l.submission === sent.id, 60_000);
      expect(done).toMatchObject({ status: 'passed', score: 1 });
      const graded = await row(sent.id);
      expect(graded).toMatchObject({ status: 'passed', score: 1, grading_attempts: 2 });
      // The verdict is stored before the worker tells the queue the job is done: wait for that.
      const finished = await waitUntil(async () => {
        const list = await jobs(sent.id);
        return list.every((j) => j.state !== 'active' && j.state !== 'created' && j.state !== 'retry') ? list : undefined;
      }, 20_000, 'the job to leave the active state');
      expect(finished).toEqual([{ name: 'grade', state: 'completed', retry_count: 1 }]);
    } finally {
      await stopChild(second);
    }
  }, 120_000);

  it('a job that crashes every worker ends as a failed-to-grade verdict (score 0), not eternal grading', async () => {
    // Only the workers started here may take the job: none left over from the test before.
    await Promise.all(children.map((c) => stopChild(c)));
    // Workers restarted by a supervisor, each of which dies on the poison job.
    const restarts: ChildWorker[] = [];
    const start = () => {
      const child = worker({ DELTALAB_WORKER_TEST_HOOK: 'crash', DELTALAB_GRADING_RETRY_LIMIT: '1' });
      restarts.push(child);
      void child.exited.then(() => {
        if (restarts.length < 5 && !stopped) start();
      });
      return child;
    };
    let stopped = false;
    const firstChild = start();
    await firstChild.waitFor((l) => l.event === 'worker.started');
    const sent = await submit(HOOKED, 'poison-1');

    const final = await waitUntil(async () => {
      const r = await row(sent.id);
      return r.status === 'queued' || r.status === 'grading' ? undefined : r;
    }, 90_000, 'the poison submission to get a verdict');
    stopped = true;

    expect(final.status).toBe('grading_failed');
    expect(final.score).toBe(0);
    expect(final.grading_attempts).toBe(2); // the first attempt and one retry, each killed a worker
    expect(restarts.filter((c) => c.proc.signalCode === 'SIGKILL').length).toBe(2);
    const result = JSON.parse(final.result_json!) as { status: string; score: number; summary: string };
    expect(result).toMatchObject({ status: 'grading_failed', score: 0 });
    expect(result.summary).toMatch(/could not be graded/);
    // pg-boss completes the job once its handler returns, a moment after the verdict is stored.
    const states = await waitUntil(async () => {
      const now = (await jobs(sent.id)).map((j) => `${j.name}:${j.state}`);
      return now.includes('grade-failed:active') ? undefined : now;
    }, 30_000, 'the grade-failed job to finish');
    expect(states).toEqual(['grade:failed', 'grade-failed:completed']);

    // The student sees it like any verdict.
    const { GET } = await import('../../app/api/submissions/[id]/route');
    const res = await GET(new NextRequest(`${ORIGIN}/api/submissions/${sent.id}`, { headers: { cookie } }), { params: Promise.resolve({ id: sent.id }) });
    const body = (await res.json()) as { submission: { status: string; score: number; result: { status: string } } };
    expect(body.submission).toMatchObject({ status: 'grading_failed', score: 0, result: { status: 'grading_failed' } });
    // It counts as one attempt with score 0 in the student's progress.
    const { progressForUser } = await import('../../lib/db/submissions');
    const { getDb } = await import('../../lib/db');
    expect(await progressForUser(await getDb(), userId)).toEqual([{ exercise_id: 'sigmoid-prime', best_score: 1, attempts: 2 }]);
  }, 150_000);
});
