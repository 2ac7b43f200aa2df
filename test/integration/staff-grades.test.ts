import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { signUpStudent, startSite, useTempSiteEnv } from './site-helpers';
import { accountWithRole, apiRequest, sigmoidMistake, sigmoidSolution, sigmoidStarter, submitAs, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * Overrides and their audit log, what the student sees of them, the gradebook and its statistics,
 * open and due dates on the submit path, and the two CSV exports — real database, real pool, real
 * route handlers.
 */

const env = useTempSiteEnv();
let pool: GraderPool;
let staff: string;
let alice: string;
let bob: string;
let failingId: string;

beforeAll(async () => {
  pool = createPool({ size: 2 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  staff = await accountWithRole('ta@example.com', 'staff');
  alice = await signUpStudent('alice@example.com');
  bob = await signUpStudent('bob@example.com');
  await pool.ready();
  // alice: starter (fails), a catalogued mistake (fails with its hint), then the solution.
  const a1 = await submitAs(alice, 'sigmoid-prime', sigmoidStarter, 'alice-0001');
  expect(a1.body.submission?.status).toBe('failed');
  const a2 = await submitAs(alice, 'sigmoid-prime', sigmoidMistake('returns-sigma'), 'alice-0002');
  expect(a2.body.submission?.status).toBe('failed');
  await submitAs(alice, 'sigmoid-prime', sigmoidSolution, 'alice-0003');
  // bob: one failing attempt.
  const b1 = await submitAs(bob, 'sigmoid-prime', sigmoidMistake('returns-sigma'), 'bob-0001');
  failingId = b1.body.submission!.id;
  // alice also hands in a quiz without answering anything: one attempt scored 0.
  const { submitQuiz } = await import('../../lib/site/quizzes');
  await submitQuiz(await viewerOf(alice), 'activation-functions-quiz', { answers: {} }, { locale: 'en' });
}, 120_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

describe('gradebook', () => {
  it('has best score, attempts and last time per student and exercise, and points-weighted totals', async () => {
    const { getGradebook, itemKey } = await import('../../lib/staff/gradebook');
    const { getCatalog } = await import('../../lib/content/loader');
    const book = await getGradebook(await viewerOf(staff), {});
    const rowOf = (email: string) => book.rows.find((r) => r.student.email === email)!;
    const key = itemKey({ kind: 'exercise', id: 'sigmoid-prime' });
    expect(rowOf('alice@example.com').cells[key]).toMatchObject({ bestScore: 1, attempts: 3 });
    const bobCell = rowOf('bob@example.com').cells[key]!;
    expect(bobCell.attempts).toBe(1);
    expect(bobCell.bestScore).toBeLessThan(1);
    // Staff accounts are not students.
    expect(book.rows.map((r) => r.student.email).sort()).toEqual(['alice@example.com', 'bob@example.com']);
    const points = getCatalog().byId.get('sigmoid-prime')!.points;
    const { getQuizCatalog } = await import('../../lib/quiz/loader');
    // Quizzes are columns too: their points count in the total.
    const total = getCatalog().exercises.reduce((s, e) => s + e.points, 0) + getQuizCatalog().quizzes.reduce((s, q) => s + q.points, 0);
    expect(rowOf('alice@example.com').cells[itemKey({ kind: 'quiz', id: 'activation-functions-quiz' })]).toMatchObject({ bestScore: 0, attempts: 1 });
    expect(rowOf('bob@example.com').cells[itemKey({ kind: 'quiz', id: 'activation-functions-quiz' })]?.attempts ?? 0).toBe(0);
    expect(rowOf('alice@example.com').points).toBeCloseTo(points);
    expect(rowOf('alice@example.com').maxPoints).toBe(total);
    expect(rowOf('alice@example.com').total).toBeCloseTo(points / total);
  });

  it('filters by student, section and unfinished work, and sorts by total', async () => {
    const { getGradebook } = await import('../../lib/staff/gradebook');
    const viewer = await viewerOf(staff);
    expect((await getGradebook(viewer, { student: 'ALICE' })).rows.map((r) => r.student.email)).toEqual(['alice@example.com']);
    const section = await getGradebook(viewer, { section: '4.4' });
    expect(section.items.every((i) => i.section === '4.4')).toBe(true);
    expect((await getGradebook(viewer, { sort: 'total-desc' })).rows[0]!.student.email).toBe('alice@example.com');
    expect((await getGradebook(viewer, { sort: 'total' })).rows[0]!.student.email).toBe('bob@example.com');
    // Alice has not done the other exercises: she is unfinished too; limited to her one exercise she is not.
    expect((await getGradebook(viewer, { unfinished: true })).rows).toHaveLength(2);
    await expect(getGradebook(viewer, { sort: 'nonsense' })).rejects.toMatchObject({ status: 400 });
  });

  it('takes quizzes through the quiz source, weighted by their points', async () => {
    const { buildGradebook, GradebookQuery, itemKey } = await import('../../lib/staff/gradebook');
    const { exerciseSource, quizSource } = await import('../../lib/staff/items');
    const { getDb } = await import('../../lib/db');
    const aliceId = (await viewerOf(alice)).id;
    // What the quizzes' progress (lib/db/quiz-scores.ts) reports, stood in for here.
    const quizzes = quizSource(
      () => [{ id: 'backprop-quiz', title: 'Backpropagation quiz', section: '4.4', points: 5 }],
      async (_db, userIds) => [{ userId: aliceId, quizId: 'backprop-quiz', bestScore: 0.6, attempts: 2, lastAt: 1_000 }].filter((r) => !userIds || userIds.includes(r.userId)),
    );
    const book = await buildGradebook(await getDb(), (await viewerOf(staff)).offering!.id, GradebookQuery.parse({ student: 'alice' }), [exerciseSource, quizzes]);
    const quizItem = book.items.find((i) => i.kind === 'quiz')!;
    expect(itemKey(quizItem)).toBe('quiz:backprop-quiz');
    const row = book.rows[0]!;
    expect(row.cells['quiz:backprop-quiz']).toMatchObject({ bestScore: 0.6, attempts: 2 });
    const { getCatalog } = await import('../../lib/content/loader');
    expect(row.maxPoints).toBe(getCatalog().exercises.reduce((s, e) => s + e.points, 0) + 5);
    expect(row.points).toBeCloseTo(getCatalog().byId.get('sigmoid-prime')!.points + 3);
  });

  it('reports per-exercise statistics read from the stored results', async () => {
    const { exerciseStats } = await import('../../lib/staff/gradebook');
    const stats = await exerciseStats(await viewerOf(staff), 'sigmoid-prime', { countLate: true });
    expect(stats.students).toBe(2);
    expect(stats.passed).toBe(1);
    expect(stats.attemptsToPass).toBe(3);
    // returns-sigma was submitted twice (alice, bob) and the starter once; each fails every check.
    expect(stats.mistake).toEqual({ id: 'returns-sigma', count: 2 });
    expect(stats.failedCheck?.count).toBe(3);
    const { getDb } = await import('../../lib/db');
    const bobScore = (await (await getDb()).selectFrom('submission').select('score').where('id', '=', failingId).executeTakeFirstOrThrow()).score!;
    expect(stats.meanBest).toBeCloseTo((1 + bobScore) / 2);
    // The page computes every exercise at once: the same numbers.
    const { courseStats } = await import('../../lib/staff/gradebook');
    const all = await courseStats(await viewerOf(staff), ['sigmoid-prime', 'tanh-prime'], { countLate: true });
    expect(all[0]).toEqual(stats);
    expect(all[1]).toMatchObject({ exerciseId: 'tanh-prime', students: 0, meanBest: null, failedCheck: null, mistake: null });
  });
});

describe('score overrides', () => {
  it('needs a reason, then records who, when, the old and the new score', async () => {
    const { overrideScore, overrideAudit } = await import('../../lib/staff/overrides');
    const viewer = await viewerOf(staff);
    await expect(overrideScore(viewer, { submissionId: failingId, percent: 80, reason: '' })).rejects.toMatchObject({ status: 400 });
    await expect(overrideScore(viewer, { submissionId: failingId, percent: 120, reason: 'too generous' })).rejects.toMatchObject({ status: 400 });
    const { getDb } = await import('../../lib/db');
    const original = await (await getDb()).selectFrom('submission').select('score').where('id', '=', failingId).executeTakeFirstOrThrow();
    const before = Date.now();
    const first = await overrideScore(viewer, { submissionId: failingId, percent: 80, reason: 'formula right, sign slip in the test' });
    expect(first).toEqual({ oldScore: original.score, newScore: 0.8 });
    const second = await overrideScore(viewer, { submissionId: failingId, percent: 75.5, reason: '=HYPERLINK("x") second thoughts' });
    expect(second).toEqual({ oldScore: 0.8, newScore: 0.755 });
    const audit = await overrideAudit(viewer, { submissionId: failingId });
    expect(audit.map((a) => [a.oldScore, a.newScore, a.by])).toEqual([
      [0.8, 0.755, 'ta'],
      [original.score, 0.8, 'ta'],
    ]);
    expect(audit[1]!.at).toBeGreaterThanOrEqual(before);
    // The original grading is untouched.
    const after = await (await getDb()).selectFrom('submission').select(['score', 'status']).where('id', '=', failingId).executeTakeFirstOrThrow();
    expect(after).toEqual({ score: original.score, status: 'failed' });
  });

  it('is what the student sees in their history, their feedback and the course progress', async () => {
    const { getAttempts, getProgress, getSubmission } = await import('../../lib/site/submissions');
    const bobViewer = await viewerOf(bob);
    const attempts = await getAttempts(bobViewer, 'sigmoid-prime');
    expect(attempts[0]).toMatchObject({ id: failingId, score: 0.755, override: { score: 0.755, reason: '=HYPERLINK("x") second thoughts' } });
    expect((await getProgress(bobViewer))['sigmoid-prime']).toMatchObject({ bestScore: 0.755, overridden: true });
    expect((await getSubmission(bobViewer, failingId)).override).toEqual({ score: 0.755, reason: '=HYPERLINK("x") second thoughts' });
  });

  it('counts in the gradebook', async () => {
    const { getGradebook } = await import('../../lib/staff/gradebook');
    const book = await getGradebook(await viewerOf(staff), { student: 'bob' });
    expect(book.rows[0]!.cells['exercise:sigmoid-prime']!.bestScore).toBe(0.755);
  });

  it('refuses an unknown submission', async () => {
    const { overrideScore } = await import('../../lib/staff/overrides');
    await expect(overrideScore(await viewerOf(staff), { submissionId: '00000000-0000-4000-8000-000000000000', percent: 10, reason: 'nothing there' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('review', () => {
  it('lists a student’s submissions with code, the feedback they saw, timings and what counts', async () => {
    const { reviewSubmissions } = await import('../../lib/staff/review');
    const aliceId = (await viewerOf(alice)).id;
    const review = await reviewSubmissions(await viewerOf(staff), aliceId, 'sigmoid-prime');
    expect(review.submissions.map((s) => s.status)).toEqual(['passed', 'failed', 'failed']);
    const mistake = review.submissions[1]!;
    expect(mistake.code).toBe(sigmoidMistake('returns-sigma'));
    expect(mistake.result?.checks.some((c) => c.mistake?.id === 'returns-sigma')).toBe(true);
    expect(mistake.gradedAt).toBeGreaterThanOrEqual(mistake.startedAt!);
    expect(mistake.gradeMs).toBeGreaterThan(0);
    expect(mistake.source).toBe('original');
  });

  it('diffs two attempts line by line', async () => {
    const { lineDiff } = await import('../../lib/staff/diff');
    expect(lineDiff('a\nb\nc', 'a\nB\nc\nd')).toEqual([
      { op: ' ', text: 'a', a: 1, b: 1 },
      { op: '-', text: 'b', a: 2 },
      { op: '+', text: 'B', b: 2 },
      { op: ' ', text: 'c', a: 3, b: 3 },
      { op: '+', text: 'd', b: 4 },
    ]);
  });
});

describe('deadlines', () => {
  it('refuses submissions before the open date with a clear message, in the student’s language', async () => {
    const { setDeadline } = await import('../../lib/staff/deadlines');
    const opens = Date.now() + 3_600_000;
    await setDeadline(await viewerOf(staff), { kind: 'section', targetId: '4.1', opensAt: opens, dueAt: null });
    const res = await submitAs(alice, 'sigmoid-prime', sigmoidSolution, 'alice-early-1');
    expect(res.status).toBe(403);
    expect(res.body.error).toContain('opens for submissions on');
    expect(res.body.error).toContain(new Date(opens).toISOString().slice(0, 16).replace('T', ' '));
    // An exercise's own date wins over its section's.
    await setDeadline(await viewerOf(staff), { kind: 'exercise', targetId: 'sigmoid-prime', opensAt: Date.now() - 60_000, dueAt: null });
    expect((await submitAs(alice, 'sigmoid-prime', sigmoidSolution, 'alice-open-1')).status).toBe(200);
    expect((await submitAs(alice, 'tanh-prime', sigmoidSolution, 'alice-early-2')).status).toBe(403);
  });

  it('accepts work after the due date and marks it late; the gradebook can ignore it', async () => {
    const { setDeadline } = await import('../../lib/staff/deadlines');
    const viewer = await viewerOf(staff);
    await setDeadline(viewer, { kind: 'section', targetId: '4.1', opensAt: null, dueAt: null });
    await setDeadline(viewer, { kind: 'exercise', targetId: 'sigmoid-prime', opensAt: Date.now() - 120_000, dueAt: Date.now() - 60_000 });
    const late = await submitAs(bob, 'sigmoid-prime', sigmoidSolution, 'bob-late-1');
    expect(late.status).toBe(200);
    expect(late.body.submission?.score).toBe(1);
    const { getAttempts } = await import('../../lib/site/submissions');
    const attempts = await getAttempts(await viewerOf(bob), 'sigmoid-prime');
    expect(attempts.find((a) => a.id === late.body.submission!.id)?.late).toBe(true);
    expect(attempts.find((a) => a.id === failingId)?.late).toBe(false);

    const { getGradebook } = await import('../../lib/staff/gradebook');
    const counting = await getGradebook(viewer, { student: 'bob' });
    expect(counting.rows[0]!.cells['exercise:sigmoid-prime']).toMatchObject({ bestScore: 1, attempts: 2, lateAttempts: 1 });
    const ignoring = await getGradebook(viewer, { student: 'bob', countLate: false });
    expect(ignoring.rows[0]!.cells['exercise:sigmoid-prime']).toMatchObject({ bestScore: 0.755, attempts: 2 });
  });

  it('rejects a due date before the open date, and unknown targets', async () => {
    const { setDeadline } = await import('../../lib/staff/deadlines');
    const viewer = await viewerOf(staff);
    await expect(setDeadline(viewer, { kind: 'exercise', targetId: 'sigmoid-prime', opensAt: 2000, dueAt: 1000 })).rejects.toMatchObject({ status: 400 });
    await expect(setDeadline(viewer, { kind: 'exercise', targetId: 'no-such', opensAt: 1000, dueAt: null })).rejects.toMatchObject({ status: 404 });
    await expect(setDeadline(viewer, { kind: 'section', targetId: '9.9', opensAt: 1000, dueAt: null })).rejects.toMatchObject({ status: 404 });
  });
});

describe('CSV exports', () => {
  it('quotes by RFC 4180 and defuses spreadsheet formulas', async () => {
    const { csvField, parseCsv, toCsv } = await import('../../lib/staff/csv');
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-0.5)).toBe('-0.5');
    expect(csvField(null)).toBe('');
    const text = toCsv(['a', 'b'], [['x,y', 'q"z'], [1, '=evil']]);
    expect(text).toBe('a,b\r\n"x,y","q""z"\r\n1,\'=evil\r\n');
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x,y', 'q"z'],
      ['1', "'=evil"],
    ]);
  });

  it('exports the gradebook with stable columns', async () => {
    const { GET } = await import('../../app/api/staff/export/gradebook/route');
    const res = await GET(apiRequest('/api/staff/export/gradebook?sort=email', { cookie: staff }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const { parseCsv } = await import('../../lib/staff/csv');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header!.slice(0, 6)).toEqual(['student_id', 'email', 'name', 'total_points', 'max_points', 'total_percent']);
    const col = header!.indexOf('exercise:sigmoid-prime');
    expect(col).toBeGreaterThan(5);
    expect(rows.map((r) => r[1])).toEqual(['alice@example.com', 'bob@example.com']);
    expect(rows[0]![col]).toBe('100');
    expect(rows[1]![col]).toBe('100');
    const ignoring = await GET(apiRequest('/api/staff/export/gradebook?sort=email&late=0', { cookie: staff }));
    expect(parseCsv(await ignoring.text())[2]![col]).toBe('75.5');
  });

  it('exports one row per submission with original, regrade, override and final scores', async () => {
    const { GET } = await import('../../app/api/staff/export/submissions/route');
    const res = await GET(apiRequest('/api/staff/export/submissions', { cookie: staff }));
    expect(res.status).toBe(200);
    const body = await res.text();
    const { parseCsv } = await import('../../lib/staff/csv');
    const { SUBMISSION_COLUMNS } = await import('../../lib/staff/export');
    const [header, ...rows] = parseCsv(body);
    expect(header).toEqual([...SUBMISSION_COLUMNS]);
    const { getDb } = await import('../../lib/db');
    const count = await (await getDb()).selectFrom('submission').select('id').execute();
    const quizAttempts = await (await getDb()).selectFrom('quiz_attempt').select('id').execute();
    // Every submission as kind exercise, and every quiz attempt (alice's empty one) as kind quiz.
    expect(rows).toHaveLength(count.length + quizAttempts.length);
    expect(rows.filter((r) => r[header!.indexOf('item_kind')] === 'quiz').map((r) => r[0])).toEqual(quizAttempts.map((q) => q.id));
    expect(rows.filter((r) => r[header!.indexOf('item_kind')] === 'exercise')).toHaveLength(count.length);
    const overridden = rows.find((r) => r[0] === failingId)!;
    const at = (name: string) => header!.indexOf(name);
    expect(overridden[at('original_percent')]).toBe(overridden[at('original_percent')]);
    expect(overridden[at('override_percent')]).toBe('75.5');
    expect(overridden[at('final_percent')]).toBe('75.5');
    expect(overridden[at('score_source')]).toBe('override');
    // The reason began with "=": a spreadsheet must not run it.
    expect(overridden[at('override_reason')]).toBe('\'=HYPERLINK("x") second thoughts');
    expect(body).toContain('"\'=HYPERLINK(""x"") second thoughts"');
    expect(rows.filter((r) => r[at('late')] === 'true')).toHaveLength(1);
    expect(overridden[at('submitted_at')]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
