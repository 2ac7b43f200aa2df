import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reachPostgres, signUpStudent, TEST_DATABASE_URL, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * Quiz attempts and their counted progress on PostgreSQL, in a scratch database (bigint timestamps come back
 * as strings there, reals as numbers). Runs when a server is reachable
 * (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres); otherwise it says so
 * and skips, except under CI=true, where an unreachable server is a failure.
 */
const ADMIN_URL = TEST_DATABASE_URL;
const dbName = `deltalab_quiz_test_${randomBytes(4).toString('hex')}`;
const env = useTempSiteEnv();

const available = await reachPostgres('quiz-postgres', dbName);

describe.skipIf(!available)('quiz attempts on PostgreSQL', () => {
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

  it('stores graded attempts and sums progress per student and quiz', async () => {
    const { getConnection, getDb } = await import('../../lib/db');
    expect((await getConnection()).config.kind).toBe('postgres');
    const alice = (await viewerFor(await signUpStudent('alice.pg@example.com')))!;
    const bob = (await viewerFor(await signUpStudent('bob.pg@example.com')))!;
    const { submitQuiz, getQuizProgress, getQuizAttempts } = await import('../../lib/site/quizzes');
    const first = await submitQuiz(alice, 'feedforward-quiz', { answers: { 'count-layers': '3' } }, { locale: 'en' });
    const second = await submitQuiz(alice, 'feedforward-quiz', { answers: { 'count-layers': '3', 'parameter-count': '79510' } }, { locale: 'zh' });
    await submitQuiz(bob, 'optimisation-quiz', { answers: {} }, { locale: 'en' });
    expect(second.score).toBeGreaterThan(first.score);

    const { countedQuizProgress } = await import('../../lib/db/quiz-scores');
    const db = await getDb();
    const offeringId = alice.offering!.id;
    const all = await countedQuizProgress(db, { offeringId });
    expect(all).toHaveLength(2);
    const mine = await countedQuizProgress(db, { offeringId, userIds: [alice.id] });
    expect(mine).toEqual([
      { userId: alice.id, quizId: 'feedforward-quiz', bestScore: second.score, bestAttemptScore: second.score, lastScore: second.score, attempts: 2, lateAttempts: 0, lastAt: second.createdAt, itemOverride: null },
    ]);
    expect(typeof mine[0]!.lastAt).toBe('number');
    expect(await countedQuizProgress(db, { offeringId, userIds: [] })).toEqual([]);
    expect((await getQuizProgress(bob))['optimisation-quiz']).toMatchObject({ bestScore: 0, attempts: 1 });
    const history = await getQuizAttempts(alice, 'feedforward-quiz');
    expect(history.map((a) => a.id)).toEqual([second.id, first.id]);
    expect(typeof history[0]!.createdAt).toBe('number');
  });
});
