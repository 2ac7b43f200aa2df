import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { signUpStudent, startSite, useTempSiteEnv } from './site-helpers';
import { accountWithRole, apiRequest, sigmoidMistake, sigmoidSolution, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * Overrides staff can take back, scores set for a whole item, the audit log's filters and CSV,
 * and regrades tried as a dry run before they count. Real database (SQLite, and PostgreSQL under
 * `npm run test:pg`), real grader pool.
 */

const env = useTempSiteEnv();
let pool: GraderPool;
let staff: string;
let ann: string;
let ben: string;

beforeAll(async () => {
  pool = createPool({ size: 2 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  staff = await accountWithRole('grader@example.com', 'staff');
  ann = await signUpStudent('ann@example.com');
  ben = await signUpStudent('ben@example.com');
  await pool.ready();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

/** A submission as an older grading left it: stored score `score`, any code. */
async function stored(cookie: string, code: string, score: number, at: number): Promise<string> {
  const { getDb } = await import('../../lib/db');
  const { newId } = await import('../../lib/db/ids');
  const id = newId();
  const user = await viewerOf(cookie);
  await (await getDb())
    .insertInto('submission')
    .values({ id, user_id: user.id, offering_id: user.offering!.id, exercise_id: 'sigmoid-prime', exercise_version: 'old', mode: 'submit', status: score === 1 ? 'passed' : 'failed', score, points: score, max_points: 1, code, result_json: JSON.stringify({ status: 'failed', checks: [] }), idempotency_key: `o-${id}`, locale: 'en', created_at: at, started_at: at, graded_at: at, grade_ms: 1 })
    .execute();
  return id;
}

async function cell(cookie: string, kind: 'exercise' | 'quiz', id: string) {
  const { getGradebook, itemKey } = await import('../../lib/staff/gradebook');
  const book = await getGradebook(await viewerOf(staff), {});
  const me = await viewerOf(cookie);
  return book.rows.find((r) => r.student.id === me.id)?.cells[itemKey({ kind, id })];
}

describe('overrides of a submission', () => {
  it('can be removed: the score before counts again, and the audit keeps both rows', async () => {
    const id = await stored(ann, sigmoidSolution, 0.25, Date.now() - 50_000);
    const { overrideScore, removeOverride, overrideAudit } = await import('../../lib/staff/overrides');
    const viewer = await viewerOf(staff);
    await overrideScore(viewer, { submissionId: id, percent: 80, reason: 'checked by hand' });
    expect((await cell(ann, 'exercise', 'sigmoid-prime'))?.bestScore).toBe(0.8);
    expect(await removeOverride(viewer, { submissionId: id, reason: 'my mistake' })).toEqual({ oldScore: 0.8, newScore: 0.25 });
    expect((await cell(ann, 'exercise', 'sigmoid-prime'))?.bestScore).toBe(0.25);
    const audit = await overrideAudit(viewer, { submissionId: id });
    expect(audit.map((a) => [a.removed, a.oldScore, a.newScore, a.reason])).toEqual([
      [true, 0.8, 0.25, 'my mistake'],
      [false, 0.25, 0.8, 'checked by hand'],
    ]);
    // Nothing left to remove.
    await expect(removeOverride(viewer, { submissionId: id, reason: 'again' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('a score for a whole item', () => {
  it('counts instead of the best submission, also with no submission at all, for staff and the student', async () => {
    const { overrideItem } = await import('../../lib/staff/overrides');
    const viewer = await viewerOf(staff);
    const benId = (await viewerOf(ben)).id;
    // Ben never submitted tanh-derivative or the quiz: a score handed in another way.
    expect(await overrideItem(viewer, { userId: benId, kind: 'exercise', itemId: 'sigmoid-prime', percent: 90, reason: 'oral exam' })).toEqual({ oldScore: null, newScore: 0.9 });
    await overrideItem(viewer, { userId: benId, kind: 'quiz', itemId: 'backprop-quiz', percent: 50, reason: 'paper quiz' });
    expect(await cell(ben, 'exercise', 'sigmoid-prime')).toMatchObject({ bestScore: 0.9, attempts: 0, override: { score: 0.9, reason: 'oral exam' } });
    expect(await cell(ben, 'quiz', 'backprop-quiz')).toMatchObject({ bestScore: 0.5 });

    const { getProgress } = await import('../../lib/site/submissions');
    expect((await getProgress(await viewerOf(ben)))['sigmoid-prime']).toEqual({ bestScore: 0.9, attempts: 0, overridden: true });

    // An empty score removes it; the cell is empty again.
    expect(await overrideItem(viewer, { userId: benId, kind: 'exercise', itemId: 'sigmoid-prime', percent: null, reason: 'exam void' })).toEqual({ oldScore: 0.9, newScore: null });
    expect((await cell(ben, 'exercise', 'sigmoid-prime'))?.bestScore ?? null).toBeNull();
    await expect(overrideItem(viewer, { userId: benId, kind: 'exercise', itemId: 'sigmoid-prime', percent: null, reason: 'twice' })).rejects.toMatchObject({ status: 400 });
  });

  it('refuses unknown items, people outside the offering, and students', async () => {
    const { overrideItem } = await import('../../lib/staff/overrides');
    const viewer = await viewerOf(staff);
    const benId = (await viewerOf(ben)).id;
    await expect(overrideItem(viewer, { userId: benId, kind: 'exercise', itemId: 'no-such', percent: 1, reason: 'xyz' })).rejects.toMatchObject({ status: 404 });
    await expect(overrideItem(viewer, { userId: 'someone-else', kind: 'exercise', itemId: 'sigmoid-prime', percent: 1, reason: 'xyz' })).rejects.toMatchObject({ status: 404 });
    await expect(overrideItem(await viewerOf(ann), { userId: benId, kind: 'exercise', itemId: 'sigmoid-prime', percent: 100, reason: 'me me me' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('the audit log', () => {
  it('lists submissions’ and items’ overrides, filters them, and exports the same rows as CSV', async () => {
    const { overrideAudit, auditCsv } = await import('../../lib/staff/overrides');
    const viewer = await viewerOf(staff);
    const all = await overrideAudit(viewer);
    expect(all.map((e) => e.scope).sort()).toEqual(['item', 'item', 'item', 'submission', 'submission']);
    const ben = await overrideAudit(viewer, { student: 'BEN@' });
    expect(ben.map((e) => [e.itemKind, e.exerciseId, e.removed, e.oldScore, e.newScore])).toEqual([
      ['exercise', 'sigmoid-prime', true, 0.9, null],
      ['quiz', 'backprop-quiz', false, null, 0.5],
      ['exercise', 'sigmoid-prime', false, null, 0.9],
    ]);
    expect((await overrideAudit(viewer, { item: 'backprop-quiz' })).map((e) => e.reason)).toEqual(['paper quiz']);
    expect(await overrideAudit(viewer, { by: 'nobody' })).toEqual([]);
    expect(await overrideAudit(viewer, { to: 1000 })).toEqual([]);

    const csv = await auditCsv(viewer, { student: 'ben@' });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('at,by,student_email,student_name,item_kind,item_id,scope,submission_id,action,old_percent,new_percent,reason');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/,ben@example\.com,ben,exercise,sigmoid-prime,item,,remove,90,,exam void$/);

    const { GET } = await import('../../app/api/staff/export/audit/route');
    const res = await GET(apiRequest('/api/staff/export/audit?student=ben%40&from=2000-01-01&to=bogus', { cookie: staff }));
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\r\n')).toHaveLength(4);
    const refused = await GET(apiRequest('/api/staff/export/audit', { cookie: ann }));
    expect(refused.status).toBe(403);
  });
});

describe('a dry-run regrade', () => {
  it('says which scores would move, counts nothing until applied, then counts', async () => {
    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    // Fresh rows for this test: stored scores the current checks disagree with.
    await db.deleteFrom('submission').execute();
    await stored(ann, sigmoidSolution, 0.2, Date.now() - 40_000); // regrade: 1 (up)
    await stored(ben, sigmoidMistake('returns-sigma'), 1, Date.now() - 30_000); // regrade: < 1 (down)
    const { startRegrade, runRegrade, regradeChanges, applyRegrade, getRegradeRun } = await import('../../lib/staff/regrade');
    const viewer = await viewerOf(staff);
    const run = await startRegrade(viewer, { exerciseId: 'sigmoid-prime', dryRun: true });
    expect(run).toMatchObject({ dryRun: true, appliedAt: null, total: 2 });
    await runRegrade(run.id);
    expect(await getRegradeRun(viewer, run.id)).toMatchObject({ status: 'done', done: 2 });

    const would = await regradeChanges(viewer, run.id);
    expect(would).toMatchObject({ students: 2, up: 1, down: 1, hypothetical: true });
    const annId = (await viewerOf(ann)).id;
    expect(would.moved.find((c) => c.userId === annId)).toMatchObject({ before: 0.2, after: 1 });
    // Not counted yet.
    expect((await cell(ann, 'exercise', 'sigmoid-prime'))?.bestScore).toBe(0.2);
    expect((await cell(ben, 'exercise', 'sigmoid-prime'))?.bestScore).toBe(1);

    await applyRegrade(viewer, run.id);
    expect((await cell(ann, 'exercise', 'sigmoid-prime'))?.bestScore).toBe(1);
    expect((await cell(ben, 'exercise', 'sigmoid-prime'))?.bestScore).toBeLessThan(1);
    expect(await regradeChanges(viewer, run.id)).toMatchObject({ up: 1, down: 1, hypothetical: false });
    await expect(applyRegrade(viewer, run.id)).resolves.toMatchObject({ dryRun: true });

    // A run that counts at once cannot be "applied".
    const plain = await startRegrade(viewer, { exerciseId: 'sigmoid-prime', userId: annId });
    await runRegrade(plain.id);
    await expect(applyRegrade(viewer, plain.id)).rejects.toMatchObject({ status: 400 });
    expect(await regradeChanges(viewer, plain.id)).toMatchObject({ students: 1, moved: [], hypothetical: false });
  }, 120_000);
});
