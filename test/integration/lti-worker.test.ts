import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GradingResult } from '../../grader/results';
import { TestPlatform } from '../support/lti-platform';
import { ON_POSTGRES, spawnWorker, type ChildWorker } from './queue-helpers';
import { startSite, useTempSiteEnv } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * Grade passback on PostgreSQL goes through the grading queue: a real `npm run worker` child
 * process takes the score's pg-boss job, fails while the LMS is down, is retried by pg-boss with
 * backoff, and delivers the score once the LMS is back: once, however often the job ran. The web
 * side (this process) only queues the score; it never sends it.
 */
process.env.DELTALAB_LTI_JWKS_COOLDOWN_MS = '0';
const env = useTempSiteEnv();
const platform = new TestPlatform();
const LAUNCH_URL = 'http://localhost:3000/api/lti/launch';

async function db() {
  const { getDb } = await import('../../lib/db');
  return getDb();
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!ON_POSTGRES)('LMS scores delivered by the grading worker (postgres)', () => {
  let worker: ChildWorker | undefined;

  beforeAll(async () => {
    await platform.start();
    await startSite();
    const { registerPlatform } = await import('../../lib/lti/platforms');
    await registerPlatform(await db(), platform.registration());
    const { publishedKeys } = await import('../../lib/lti/keys');
    platform.toolJwks = async () => publishedKeys(await db());
  });

  afterAll(async () => {
    if (worker) {
      worker.proc.kill('SIGTERM');
      await worker.exited;
    }
    await platform.stop();
    const { closeDb } = await import('../../lib/db');
    await closeDb();
    env.cleanup();
  });

  it('retries with backoff while the LMS is down and delivers once when it is back', async () => {
    const { startLogin } = await import('../../lib/lti/login');
    const { completeLaunch } = await import('../../lib/lti/complete');
    const { getAuth } = await import('../../lib/auth/auth');
    const l = await startLogin(await db(), { iss: platform.issuer, login_hint: 'x', target_link_uri: LAUNCH_URL }, LAUNCH_URL);
    const token = await platform.idToken(platform.claims(new URL(l.redirectUrl).searchParams.get('nonce')!));
    const student = await completeLaunch(await getAuth(), await db(), { id_token: token, state: l.state }, l.browserSecret, { embedded: false });

    platform.down = true;
    // A graded submission queues the score in the web process: one outbox row, nothing sent.
    const { insertSubmission } = await import('../../lib/db/submissions');
    const { gradeAndStore } = await import('../../lib/queue/grade-and-store');
    const id = randomUUID();
    await insertSubmission(await db(), { id, user_id: student.userId, offering_id: student.offeringId, exercise_id: 'sigmoid-prime', exercise_version: 'v', mode: 'submit', code: 'x', idempotency_key: id, locale: 'en', created_at: Date.now() });
    const graded: GradingResult = { exercise: 'sigmoid-prime', version: 'v', mode: 'submit', status: 'failed', score: 0.7, points: 7, maxPoints: 10, summary: 's', checks: [], compileErrors: [], console: { text: '', truncated: false }, timeMs: 1 };
    await gradeAndStore({ db: await db(), grade: async () => graded, announce: () => undefined }, { submissionId: id });
    const [row] = await (await db()).selectFrom('lti_score_outbox').selectAll().execute();
    expect(row).toMatchObject({ state: 'pending', attempts: 0, score_given: 7 });

    worker = spawnWorker({ DATABASE_URL: process.env.DATABASE_URL!, DELTALAB_LTI_SWEEP_SECONDS: '0.5', DELTALAB_LTI_RETRY_DELAY_SECONDS: '1' });
    await worker.waitFor((line) => line.event === 'worker.started');
    // The worker tries, fails and is retried by pg-boss: at least two failed attempts on the row.
    const failing = await until('two failed deliveries', async () => {
      const r = await (await db()).selectFrom('lti_score_outbox').selectAll().where('id', '=', row!.id).executeTakeFirst();
      return r && Number(r.attempts) >= 2 && r;
    });
    expect(failing.state).toBe('pending');
    expect(failing.last_error).toMatch(/503/);
    const job = await until('the retrying job', async () => {
      const r = await (await db()).selectFrom(sqlTable('pgboss.job')).selectAll().where('id', '=', row!.id).executeTakeFirst();
      return r as { state: string; retry_count: number; retry_backoff: boolean } | undefined;
    });
    expect(job.retry_backoff).toBe(true);
    expect(platform.scores).toHaveLength(0);

    platform.down = false;
    await until('the score at the LMS', async () => platform.scores.length > 0);
    const sent = await until('the row marked sent', async () => {
      const r = await (await db()).selectFrom('lti_score_outbox').selectAll().where('id', '=', row!.id).executeTakeFirst();
      return r?.state === 'sent' && r;
    });
    expect(Number(sent.attempts)).toBeGreaterThanOrEqual(3);
    expect(sent.last_error).toBeNull();
    await worker.waitFor((line) => line.event === 'lti.score_sent' && line.outbox === row!.id);
    // More sweeps and polls pass: the same score is never sent again.
    await new Promise((r) => setTimeout(r, 2500));
    expect(platform.scores).toHaveLength(1);
    expect(platform.scores[0]!.body).toMatchObject({ userId: 'student-1', scoreGiven: 7, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    const jobs = await (await db()).selectFrom(sqlTable('pgboss.job')).select(['id', 'state']).where('name', '=', 'lti-score').execute();
    expect(jobs).toEqual([{ id: row!.id, state: 'completed' }]);
  }, 120_000);
});

/** pg-boss's table, outside the site's typed schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const sqlTable = (name: string) => name as any;
