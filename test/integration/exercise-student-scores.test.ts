import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';
import { accountWithRole, sigmoidMistake, sigmoidSolution, submitAs, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * A student's own pages count an exercise as staff do (lib/db/exercise-scores.ts is the one
 * authority), on SQLite and on PostgreSQL under `npm run test:pg`: a submission overridden by staff,
 * a late submission under a per-day penalty, a score set for the whole exercise, the last
 * submission counting where the rule says so, and a regrade. Real database, real grader pool.
 */

const env = useTempSiteEnv();
const EXERCISE = 'sigmoid-prime';
const CELL = `exercise:${EXERCISE}`;
const H = 3_600_000;
let pool: GraderPool;

type Person = { cookie: string; id: string };
let staff: Person;
const s: Record<'alice' | 'bob' | 'carol' | 'dan' | 'erin', Person> = {} as never;
const ids: Record<string, string> = {};
let mistakeScore = 0;

const staffViewer = () => viewerOf(staff.cookie);

async function submit(who: Person, code: string, key: string): Promise<{ id: string; score: number | null }> {
  const res = await submitAs(who.cookie, EXERCISE, code, key);
  expect(res.status).toBe(200);
  return res.body.submission!;
}

/** A graded submission as an older grader scored it (the current checks disagree), for the regrade. */
async function storedOld(who: Person, code: string, score: number, at: number): Promise<string> {
  const { getDb } = await import('../../lib/db');
  const { newId } = await import('../../lib/db/ids');
  const id = newId();
  const user = await viewerOf(who.cookie);
  await (await getDb())
    .insertInto('submission')
    .values({ id, user_id: user.id, offering_id: user.offering!.id, exercise_id: EXERCISE, exercise_version: 'old', mode: 'submit', status: 'failed', score, points: score, max_points: 1, code, result_json: JSON.stringify({ status: 'failed', checks: [] }), idempotency_key: `old-${id}`, locale: 'en', created_at: at, started_at: at, graded_at: at, grade_ms: 1 })
    .execute();
  return id;
}

/** What the student's own pages say the exercise counts (home page, section list, exercise page). */
async function studentSees(who: Person) {
  const { getProgress } = await import('../../lib/site/submissions');
  return (await getProgress(await viewerOf(who.cookie)))[EXERCISE];
}

async function gradebookCell(who: Person) {
  const { getGradebook } = await import('../../lib/staff/gradebook');
  const book = await getGradebook(await staffViewer(), {});
  return book.rows.find((r) => r.student.id === who.id)?.cells[CELL];
}

/** The student's page and the gradebook agree, and both say `expected`. */
async function expectSameScore(who: Person, expected: number) {
  const cell = await gradebookCell(who);
  const mine = await studentSees(who);
  expect(cell?.bestScore).toBeCloseTo(expected, 9);
  expect(mine?.bestScore).toBeCloseTo(expected, 9);
  expect(mine?.bestScore).toBe(cell?.bestScore);
}

beforeAll(async () => {
  pool = createPool({ size: 2 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  const staffCookie = await accountWithRole('ta-exscores@example.com', 'staff');
  staff = { cookie: staffCookie, id: (await viewerFor(staffCookie))!.id };
  for (const name of ['alice', 'bob', 'carol', 'dan', 'erin'] as const) {
    const cookie = await signUpStudent(`${name}-exscores@example.com`);
    s[name] = { cookie, id: (await viewerFor(cookie))!.id };
  }
  await pool.ready();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

describe('a student sees the exercise score that counts', () => {
  it('overridden, late under a per-day penalty, set for the whole exercise, last-counts, regraded: the student’s pages say what the gradebook says', async () => {
    const { overrideScore, overrideItem } = await import('../../lib/staff/overrides');
    const { setDeadline } = await import('../../lib/staff/deadlines');
    const { startRegrade, runRegrade } = await import('../../lib/staff/regrade');
    const { getAttempts } = await import('../../lib/site/submissions');

    const mistake = await submit(s.alice, sigmoidMistake('returns-sigma'), 'exs-alice-1');
    mistakeScore = mistake.score!;
    expect(mistakeScore).toBeLessThan(0.8);
    ids.alice = mistake.id;
    await submit(s.dan, sigmoidMistake('returns-sigma'), 'exs-dan-1');
    await submit(s.erin, sigmoidSolution, 'exs-erin-1');
    await submit(s.erin, sigmoidMistake('returns-sigma'), 'exs-erin-2');
    // Bob's only submission was scored 0.2 by an older grader; the regrade gives it 1.
    ids.bob = await storedOld(s.bob, sigmoidSolution, 0.2, Date.now() - 10_000);

    await overrideScore(await staffViewer(), { submissionId: ids.alice, percent: 80, reason: 'checked by hand' });
    await overrideItem(await staffViewer(), { userId: s.dan.id, kind: 'exercise', itemId: EXERCISE, percent: 90, reason: 'oral exam instead' });
    // From now on the exercise is an hour past due (10% off per started day) and its last submission counts.
    await setDeadline(await staffViewer(), { kind: 'exercise', targetId: EXERCISE, dueAt: Date.now() - H, latePolicy: { kind: 'per-day', percent: 10 }, counts: 'last' });
    const late = await submit(s.carol, sigmoidSolution, 'exs-carol-1');
    expect(late.score).toBe(1);
    ids.carol = late.id;

    await expectSameScore(s.alice, 0.8);
    await expectSameScore(s.bob, 0.2);
    await expectSameScore(s.carol, 0.9);
    await expectSameScore(s.dan, 0.9);
    // Before this change Erin's pages counted her best (100%); the gradebook her last.
    await expectSameScore(s.erin, mistakeScore);
    expect(await studentSees(s.dan)).toMatchObject({ attempts: 1, overridden: true });
    expect(await studentSees(s.alice)).toMatchObject({ attempts: 1, overridden: true });
    expect(await studentSees(s.carol)).not.toHaveProperty('overridden');

    const run = await startRegrade(await staffViewer(), { exerciseId: EXERCISE, userId: s.bob.id });
    await runRegrade(run.id);
    await expectSameScore(s.bob, 1);

    // The exercise page's history shows what each submission counts with, and why.
    const [aliceAttempt] = await getAttempts(await viewerOf(s.alice.cookie), EXERCISE);
    expect(aliceAttempt).toMatchObject({ id: ids.alice, score: 0.8, late: false, override: { score: 0.8, reason: 'checked by hand' } });
    expect(aliceAttempt).not.toHaveProperty('lateFactor');
    const [carolAttempt] = await getAttempts(await viewerOf(s.carol.cookie), EXERCISE);
    expect(carolAttempt).toMatchObject({ id: ids.carol, score: 0.9, late: true, lateFactor: 0.9, override: null });
    const [bobAttempt] = await getAttempts(await viewerOf(s.bob.cookie), EXERCISE);
    expect(bobAttempt).toMatchObject({ id: ids.bob, score: 1 });
  }, 120_000);
});
