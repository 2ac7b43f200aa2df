import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authPost, cookiesOf, JOIN_CODE, reachPostgres, TEST_DATABASE_URL, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * The same migrations and queries on PostgreSQL, in a scratch database, in both passes of the
 * integration suite. Runs when a server is reachable (TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres); otherwise it says so and skips, except under
 * CI=true, where an unreachable server is a failure.
 */
const ADMIN_URL = TEST_DATABASE_URL;
const dbName = `deltalab_test_${randomBytes(4).toString('hex')}`;
const env = useTempSiteEnv();

const available = await reachPostgres('site-postgres', dbName);

describe.skipIf(!available)('on PostgreSQL', () => {
  beforeAll(async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    process.env.DATABASE_URL = url.toString();
    const { prepareSite } = await import('../../lib/site/startup');
    await prepareSite({ recover: false, log: () => undefined });
  });

  afterAll(async () => {
    const { closeDb } = await import('../../lib/db');
    await closeDb();
    delete process.env.DATABASE_URL;
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
    env.cleanup();
  });

  it('migrates to exactly the schema better-auth expects', async () => {
    const { getConnection } = await import('../../lib/db');
    expect((await getConnection()).config.kind).toBe('postgres');
    const { getAuth } = await import('../../lib/auth/auth');
    const { getMigrations } = await import('better-auth/db/migration');
    const plan = await getMigrations((await getAuth()).options);
    expect(plan.toBeCreated.map((t) => t.table)).toEqual([]);
    expect(plan.toBeAdded.map((t) => t.table)).toEqual([]);
  });

  it('signs up a student through better-auth', async () => {
    const res = await authPost('/sign-up/email', { name: 'Pat', email: 'pat@example.com', password: 'correct-horse-42', joinCode: JOIN_CODE }, { ip: '10.8.0.1' });
    expect(res.status).toBe(200);
    expect(await viewerFor(cookiesOf(res))).toMatchObject({ email: 'pat@example.com', role: 'student' });
  });

  it('records submissions idempotently and computes progress', async () => {
    const { getDb } = await import('../../lib/db');
    const { newId } = await import('../../lib/db/ids');
    const { insertSubmission, markGrading, storeResult, progressForUser, listAttempts, listInFlight } = await import('../../lib/db/submissions');
    const db = await getDb();
    const user = await db.selectFrom('user').select('id').where('email', '=', 'pat@example.com').executeTakeFirstOrThrow();
    const row = { user_id: user.id, exercise_id: 'sigmoid-prime', exercise_version: 'v1', mode: 'submit' as const, code: 'x', idempotency_key: 'pg-key-1', locale: 'en', created_at: Date.now() };
    const first = await insertSubmission(db, { ...row, id: newId() });
    const again = await insertSubmission(db, { ...row, id: newId() });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.row.id).toBe(first.row.id);
    expect((await listInFlight(db)).map((r) => r.id)).toEqual([first.row.id]);
    expect((await markGrading(db, first.row.id))?.grading_attempts).toBe(1);
    await storeResult(db, first.row.id, { status: 'failed', score: 0.4, points: 4, maxPoints: 10, resultJson: '{}', gradeMs: 3.5 });
    expect(await progressForUser(db, user.id)).toEqual([{ exercise_id: 'sigmoid-prime', best_score: expect.closeTo(0.4, 5), attempts: 1 }]);
    const attempts = await listAttempts(db, user.id, 'sigmoid-prime');
    expect(typeof attempts[0]!.created_at).toBe('number');
  });
});
