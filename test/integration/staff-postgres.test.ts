import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { reachPostgres, signUpStudent, startTestWorker, stopTestWorker, TEST_DATABASE_URL, useTempSiteEnv } from './site-helpers';
import { accountWithRole, signIn, sigmoidSolution, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * The course staff's migration and queries on PostgreSQL, in a scratch database: overrides,
 * late marks, deadlines (upsert), the gradebook, a regrade run (its anti-join) and deactivation.
 * Runs when a server is reachable (TEST_DATABASE_URL); otherwise it says so and skips, except
 * under CI=true, where an unreachable server is a failure.
 */
const ADMIN_URL = TEST_DATABASE_URL;
const dbName = `deltalab_staff_${randomBytes(4).toString('hex')}`;
const env = useTempSiteEnv();
let pool: GraderPool | undefined;

const available = await reachPostgres('staff-postgres', dbName);

describe.skipIf(!available)('course staff on PostgreSQL', () => {
  let staff: string;
  let student: string;

  beforeAll(async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${dbName}`;
    process.env.DATABASE_URL = url.toString();
    const { prepareSite } = await import('../../lib/site/startup');
    await prepareSite({ recover: false, log: () => undefined });
    pool = createPool({ size: 1 });
    const { setGradingPool } = await import('../../lib/site/grading');
    setGradingPool(pool);
    staff = await accountWithRole('ta@example.com', 'staff');
    student = await signUpStudent('pat@example.com');
    await pool.ready();
    // On PostgreSQL a regrade goes through the queue: a worker (here, in process) grades it.
    await startTestWorker(url.toString());
  }, 120_000);

  afterAll(async () => {
    await stopTestWorker();
    await pool?.close();
    const { closeDb } = await import('../../lib/db');
    await closeDb();
    delete process.env.DATABASE_URL;
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(`drop database if exists ${dbName} with (force)`);
    await client.end();
    env.cleanup();
  });

  it('marks late work, overrides, regrades and builds the gradebook', async () => {
    const { getDb } = await import('../../lib/db');
    const { newId } = await import('../../lib/db/ids');
    const { setDeadline, submissionWindow, markLateIfDue } = await import('../../lib/staff/deadlines');
    const viewer = await viewerOf(staff);
    const db = await getDb();
    await setDeadline(viewer, { kind: 'exercise', targetId: 'sigmoid-prime', opensAt: 1000, dueAt: 2000 });
    await setDeadline(viewer, { kind: 'exercise', targetId: 'sigmoid-prime', opensAt: 1000, dueAt: 3000 });
    const window = await submissionWindow(db, viewer.offering!.id, { id: 'sigmoid-prime', section: '4.1' });
    expect(window).toEqual({ opensAt: 1000, dueAt: 3000 });

    const pat = await viewerOf(student);
    const id = newId();
    await db
      .insertInto('submission')
      .values({ id, user_id: pat.id, offering_id: pat.offering?.id ?? null, exercise_id: 'sigmoid-prime', exercise_version: 'old', mode: 'submit', status: 'failed', score: 0.25, code: sigmoidSolution, idempotency_key: 'pg-staff-1', locale: 'en', created_at: 5000, graded_at: 5001 })
      .execute();
    expect(await markLateIfDue(db, id, 5000, window)).toBe(true);

    const { overrideScore, overrideAudit } = await import('../../lib/staff/overrides');
    expect(await overrideScore(viewer, { submissionId: id, percent: 50, reason: 'checked by hand' })).toEqual({ oldScore: 0.25, newScore: 0.5 });
    expect((await overrideAudit(viewer))[0]).toMatchObject({ oldScore: 0.25, newScore: 0.5, studentEmail: 'pat@example.com' });

    const { startRegrade, runRegrade } = await import('../../lib/staff/regrade');
    const run = await startRegrade(viewer, { exerciseId: 'sigmoid-prime' });
    await runRegrade(run.id);
    const regrade = await db.selectFrom('regrade').selectAll().where('run_id', '=', run.id).executeTakeFirstOrThrow();
    expect(regrade).toMatchObject({ submission_id: id, status: 'passed' });

    const { getGradebook } = await import('../../lib/staff/gradebook');
    // The override still wins over the regrade; with late work ignored nothing counts.
    expect((await getGradebook(viewer, {})).rows[0]!.cells['exercise:sigmoid-prime']).toMatchObject({ bestScore: 0.5, attempts: 1, lateAttempts: 1 });
    expect((await getGradebook(viewer, { countLate: false })).rows[0]!.cells['exercise:sigmoid-prime']).toMatchObject({ bestScore: null });
    const { submissionsCsv } = await import('../../lib/staff/export');
    expect(await submissionsCsv(viewer)).toContain(',override,checked by hand\r\n');
  }, 60_000);

  it('imports a roster and deactivates an account', async () => {
    const { importRoster, listRoster, deactivateStudent } = await import('../../lib/staff/roster');
    const viewer = await viewerOf(staff);
    expect(await importRoster(viewer, { csv: 'email,name,student_id\npat@example.com,Pat,7\nnew@example.com,New,8\n' })).toMatchObject({ added: 2 });
    const roster = await listRoster(viewer);
    expect(roster.map((r) => [r.email, r.userId !== null])).toEqual([
      ['new@example.com', false],
      ['pat@example.com', true],
    ]);
    await deactivateStudent(viewer, { userId: (await viewerOf(student)).id });
    expect((await signIn('pat@example.com')).status).toBe(403);
  });
});
