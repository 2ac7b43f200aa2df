import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';
import { accountWithRole, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * Quizzes in every staff tool, on SQLite (and on PostgreSQL under `npm run test:pg`): review of a
 * student's attempts, overrides of an attempt and of a whole quiz (with removal and the audit
 * log), regrade after a key change (dry run, then apply), preview seeds, per-question statistics
 * and the quiz rows of the submissions CSV. The catalogue is a copy of exercises/ in a temporary
 * folder, so the test can change a quiz's key the way an author would.
 */

const env = useTempSiteEnv();
const root = mkdtempSync(path.join(process.cwd(), '.quiz-staff-test-'));
chmodSync(root, 0o755);
cpSync('exercises', root, { recursive: true });
process.env.DELTALAB_EXERCISES_DIR = root;
const QUIZ = 'feedforward-quiz';
const quizFile = path.join(root, '4.3-feedforward', QUIZ, 'quiz.yaml');

type Person = { cookie: string; id: string };
let staff: Person;
let alice: Person;
let bob: Person;
const attempts: Record<string, string> = {};

async function person(cookie: string): Promise<Person> {
  return { cookie, id: (await viewerFor(cookie))!.id };
}

/** Submits an attempt: weight-shape and count-layers as given, parameter-count right, the rest blank. */
async function submit(who: Person, shape: string, layers: string): Promise<string> {
  const { getQuizCatalog, quizSeed, tokensFor } = await import('../../lib/quiz');
  const { submitQuiz } = await import('../../lib/site/quizzes');
  const quiz = getQuizCatalog().byId.get(QUIZ)!;
  const q = quiz.questions.find((x) => x.id === 'weight-shape')!;
  if (q.type !== 'single') throw new Error('weight-shape is a single choice');
  const [token] = tokensFor(q, quizSeed(who.id, QUIZ), [shape]);
  const attempt = await submitQuiz(await viewerOf(who.cookie), QUIZ, { answers: { 'weight-shape': token!, 'count-layers': layers, 'parameter-count': '79510' } }, { locale: 'en' });
  return attempt.id;
}

beforeAll(async () => {
  await startSite();
  staff = await person(await accountWithRole('ta@example.com', 'staff'));
  alice = await person(await signUpStudent('alice@example.com'));
  bob = await person(await signUpStudent('bob@example.com'));
  attempts.alice1 = await submit(alice, 'm0-by-m1', '4');
  attempts.alice2 = await submit(alice, 'm1-by-m0', '3');
  attempts.bob1 = await submit(bob, 'm0-by-m1', '4 ');
}, 60_000);

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  delete process.env.DELTALAB_EXERCISES_DIR;
  rmSync(root, { recursive: true, force: true });
  env.cleanup();
});

const staffViewer = () => viewerOf(staff.cookie);

describe('quizzes in the staff tools', () => {
  it('reviews a student’s attempts: answers, per-question verdicts and feedback in both languages, the counted score', async () => {
    const { reviewQuiz } = await import('../../lib/staff/quiz-review');
    const review = await reviewQuiz(await staffViewer(), alice.id, QUIZ, 'en');
    expect(review.student.email).toBe('alice@example.com');
    expect(review.attempts.map((a) => a.id)).toEqual([attempts.alice2, attempts.alice1]);
    const first = review.attempts[1]!;
    const shape = first.questions.find((q) => q.id === 'weight-shape')!;
    // The token is read back as the option the student chose, and its feedback is the one she saw.
    expect(shape.answerHtml).toContain('m0-by-m1');
    expect(shape.original).toMatchObject({ correct: false, answered: true, score: 0 });
    expect(shape.original!.messageHtml).toContain('column vectors');
    expect(shape.referenceHtml).toContain('m1-by-m0');
    expect(first.questions.find((q) => q.id === 'count-layers')!.answerHtml).toContain('4');
    expect(first.questions.find((q) => q.id === 'softmax-whole-layer')!.answerHtml).toBeNull();
    // 1 of 8 questions right, then 3 of 8; the best attempt counts.
    expect(first.score).toBeCloseTo(1 / 8);
    expect(review.attempts[0]!.score).toBeCloseTo(3 / 8);
    expect(review.counted).toBeCloseTo(3 / 8);

    const zh = await reviewQuiz(await staffViewer(), alice.id, QUIZ, 'zh');
    expect(zh.attempts[1]!.questions.find((q) => q.id === 'weight-shape')!.original!.messageHtml).toContain('列向量');
    expect(zh.quizTitle).toBe('前馈神经网络');
  });

  it('answers a quiz review for an unknown quiz or student with a 404', async () => {
    const { reviewQuiz } = await import('../../lib/staff/quiz-review');
    await expect(reviewQuiz(await staffViewer(), alice.id, 'no-such-quiz', 'en')).rejects.toMatchObject({ status: 404 });
    await expect(reviewQuiz(await staffViewer(), 'nobody', QUIZ, 'en')).rejects.toMatchObject({ status: 404 });
    await expect(reviewQuiz(await viewerOf(alice.cookie), alice.id, QUIZ, 'en')).rejects.toMatchObject({ status: 403 });
  });

  it('counts the most common wrong answer per question, normalised across students', async () => {
    const { quizStats } = await import('../../lib/staff/quiz-stats');
    const stats = await quizStats(await staffViewer(), QUIZ, 'en');
    expect(stats).toMatchObject({ attempts: 3, students: 2 });
    const shape = stats.questions.find((q) => q.id === 'weight-shape')!;
    // Alice and Bob saw different option tokens; both chose the same option.
    expect(shape).toMatchObject({ answered: 3, correct: 1 });
    expect(shape.meanScore).toBeCloseTo(1 / 3);
    expect(shape.wrong[0]).toMatchObject({ key: 'm0-by-m1', count: 2 });
    // "4" and "4 " are the same number.
    expect(stats.questions.find((q) => q.id === 'count-layers')!.wrong).toEqual([expect.objectContaining({ key: '4', count: 2 })]);
    expect(stats.questions.find((q) => q.id === 'softmax-whole-layer')).toMatchObject({ answered: 0, meanScore: null, wrong: [] });
  });

  it('overrides one attempt and the whole quiz, removes the override, and keeps every change in the audit log', async () => {
    const { overrideQuizAttempt, overrideQuizItem, quizOverrideAudit } = await import('../../lib/staff/quiz-overrides');
    const { getGradebook } = await import('../../lib/staff/gradebook');
    const viewer = await staffViewer();
    const cell = async () => (await getGradebook(viewer, {})).rows.find((r) => r.student.id === alice.id)!.cells[`quiz:${QUIZ}`];

    expect(await overrideQuizAttempt(viewer, { attemptId: attempts.alice1, percent: 80, reason: 'misread question 4' })).toEqual({ oldScore: 1 / 8, newScore: 0.8 });
    expect((await cell())!.bestScore).toBeCloseTo(0.8);
    await expect(overrideQuizAttempt(viewer, { attemptId: attempts.alice1, percent: 80, reason: '' })).rejects.toMatchObject({ status: 400 });

    const set = await overrideQuizItem(viewer, { userId: alice.id, quizId: QUIZ, percent: 50, reason: 'oral exam instead' });
    expect(set.oldScore).toBeCloseTo(0.8);
    expect(set.newScore).toBeCloseTo(0.5);
    // The item override wins over a better attempt.
    expect((await cell())!.bestScore).toBeCloseTo(0.5);
    const removed = await overrideQuizItem(viewer, { userId: alice.id, quizId: QUIZ, percent: null, reason: 'exam result withdrawn' });
    expect(removed).toEqual({ oldScore: 0.5, newScore: 0.8 });
    expect((await cell())!.bestScore).toBeCloseTo(0.8);
    await expect(overrideQuizItem(viewer, { userId: alice.id, quizId: QUIZ, percent: null, reason: 'again' })).rejects.toMatchObject({ status: 400 });
    await expect(overrideQuizItem(viewer, { userId: alice.id, quizId: 'no-such-quiz', percent: 10, reason: 'typo' })).rejects.toMatchObject({ status: 404 });
    await expect(overrideQuizItem(await viewerOf(bob.cookie), { userId: bob.id, quizId: QUIZ, percent: 100, reason: 'me' })).rejects.toMatchObject({ status: 403 });

    const audit = await quizOverrideAudit(viewer);
    expect(audit.map((e) => [e.kind, e.newScore, e.reason])).toEqual([
      ['item', null, 'exam result withdrawn'],
      ['item', 0.5, 'oral exam instead'],
      ['attempt', 0.8, 'misread question 4'],
    ]);
    expect(audit[2]).toMatchObject({ attemptId: attempts.alice1, oldScore: 1 / 8, studentEmail: 'alice@example.com', quizId: QUIZ, by: 'ta' });
    // The audit page's filters apply to attempt overrides too.
    const { quizAttemptAudit } = await import('../../lib/staff/quiz-overrides');
    const reasons = async (filters: object) => (await quizAttemptAudit(viewer, filters)).map((e) => e.reason);
    expect(await reasons({})).toEqual(['misread question 4']);
    expect(await reasons({ student: 'ALICE@' })).toEqual(['misread question 4']);
    expect(await reasons({ student: 'bob' })).toEqual([]);
    expect(await reasons({ item: QUIZ, by: 't' })).toEqual(['misread question 4']);
    expect(await reasons({ item: 'another-quiz' })).toEqual([]);
    expect(await reasons({ from: audit[2]!.at + 1 })).toEqual([]);
    expect(await reasons({ to: audit[2]!.at })).toEqual(['misread question 4']);

    const { reviewQuiz } = await import('../../lib/staff/quiz-review');
    const review = await reviewQuiz(viewer, alice.id, QUIZ, 'en');
    expect(review.attempts[1]).toMatchObject({ source: 'override', score: 0.8, originalScore: 1 / 8 });
    expect(review.itemOverrideHistory.map((o) => o.score)).toEqual([null, 0.5]);
    expect(review.itemOverride).toBeNull();
  });

  it('regrades after a key change: the dry run says what would move and writes nothing; applying keeps the originals', async () => {
    const { planQuizRegrade, applyQuizRegrade } = await import('../../lib/staff/quiz-regrade');
    const { getQuizCatalog } = await import('../../lib/quiz');
    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    const count = async (table: 'quiz_regrade' | 'quiz_regrade_run') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const viewer = await staffViewer();

    // The author decides the transposed shape is the right answer (a key change).
    const text = readFileSync(quizFile, 'utf8');
    expect(text).toContain('correct: m1-by-m0');
    // Read the version before writing: the catalogue re-reads by itself when the folder changed
    // and a second has passed since its last look, which a loaded machine easily takes.
    const before = getQuizCatalog({ fresh: true }).allById.get(QUIZ)!.version;
    writeFileSync(quizFile, text.replace('correct: m1-by-m0', 'correct: m0-by-m1'));
    expect(getQuizCatalog({ fresh: true }).allById.get(QUIZ)!.version).not.toBe(before);

    const plan = await planQuizRegrade(viewer, { quizId: QUIZ });
    expect(await count('quiz_regrade')).toBe(0);
    expect(await count('quiz_regrade_run')).toBe(0);
    // Grades: alice1 1/8 → 2/8 (but overridden to 80%: it keeps counting 80%), alice2 3/8 → 2/8, bob1 1/8 → 2/8.
    expect(plan).toMatchObject({ attempts: 3, gradesChanged: 3, attemptsChanged: 2 });
    // Alice's best counted attempt stays the 80% override; only Bob moves, up.
    expect(plan.students).toEqual([expect.objectContaining({ email: 'bob@example.com', direction: 'up' })]);
    expect(plan.students[0]!.before).toBeCloseTo(1 / 8);
    expect(plan.students[0]!.after).toBeCloseTo(2 / 8);
    expect(plan).toMatchObject({ up: 1, down: 0 });

    const onlyAlice = await planQuizRegrade(viewer, { quizId: QUIZ, userId: alice.id });
    expect(onlyAlice).toMatchObject({ attempts: 2, students: [] });

    const run = await applyQuizRegrade(viewer, { quizId: QUIZ });
    expect({ ...run, runId: undefined, createdAt: undefined }).toEqual({ ...plan, runId: undefined, createdAt: undefined });
    expect(await count('quiz_regrade')).toBe(3);
    // The originals are untouched; the regrade counts beside them.
    const original = await db.selectFrom('quiz_attempt').select('score').where('id', '=', attempts.bob1).executeTakeFirstOrThrow();
    expect(Number(original.score)).toBeCloseTo(1 / 8);
    const { reviewQuiz } = await import('../../lib/staff/quiz-review');
    const bobReview = await reviewQuiz(viewer, bob.id, QUIZ, 'en');
    expect(bobReview.attempts[0]).toMatchObject({ source: 'regrade', originalScore: 1 / 8 });
    expect(bobReview.attempts[0]!.score).toBeCloseTo(2 / 8);
    const shape = bobReview.attempts[0]!.questions.find((q) => q.id === 'weight-shape')!;
    expect(shape.original!.correct).toBe(false);
    expect(shape.regrade!.correct).toBe(true);
    // A second dry run finds nothing left to move.
    expect(await planQuizRegrade(viewer, { quizId: QUIZ })).toMatchObject({ attemptsChanged: 0, gradesChanged: 0, students: [] });

    const { quizStats } = await import('../../lib/staff/quiz-stats');
    // Statistics read the regraded verdicts: the two m0-by-m1 answers are now the correct ones.
    const stats = (await quizStats(viewer, QUIZ, 'en')).questions.find((q) => q.id === 'weight-shape')!;
    expect(stats).toMatchObject({ correct: 2, wrong: [expect.objectContaining({ key: 'm1-by-m0', count: 1 })] });
  });

  it('previews the same variant for the same seed, different ones for other seeds, and a student’s own by email', async () => {
    const { previewQuiz, parseSeeds } = await import('../../lib/staff/quiz-preview');
    const viewer = await staffViewer();
    const seeds = parseSeeds('s1, s2, s3, s4, s5, s1');
    expect(seeds).toEqual(['s1', 's2', 's3', 's4', 's5']);
    const a = await previewQuiz(viewer, QUIZ, seeds, 'en');
    const b = await previewQuiz(viewer, QUIZ, seeds, 'en');
    expect(a).toEqual(b);
    expect(a.parameterised).toBe(true);
    const drawn = a.variants.map((v) => JSON.stringify(v.questions.find((q) => q.id === 'parameter-count-yours')!.params));
    expect(new Set(drawn).size).toBeGreaterThan(1);
    // Each variant's reference answer is its own numbers' answer.
    const v = a.variants[0]!.questions.find((q) => q.id === 'parameter-count-yours')!;
    const p = Object.fromEntries(v.params.map((x) => [x.name, Number(x.value)]));
    expect(v.referenceHtml).toContain(String(p.H! * (p.D! + 1) + p.C! * (p.H! + 1)));

    const { getQuizPage } = await import('../../lib/site/quizzes');
    const own = getQuizPage(await viewerOf(alice.cookie), QUIZ, 'en')!;
    const asAlice = await previewQuiz(viewer, QUIZ, ['alice@example.com'], 'en');
    expect(asAlice.variants[0]!.student).toMatchObject({ email: 'alice@example.com' });
    expect(asAlice.variants[0]!.questions.find((q) => q.id === 'parameter-count-yours')!.promptHtml).toBe(own.questions.find((q) => q.id === 'parameter-count-yours')!.promptHtml);
    await expect(previewQuiz(viewer, 'no-such-quiz', ['s1'], 'en')).rejects.toMatchObject({ status: 404 });
  });

  it('writes quiz attempts into the submissions CSV as item kind quiz, with their counted scores', async () => {
    const { submissionsCsv } = await import('../../lib/staff/export');
    const { parseCsv } = await import('../../lib/staff/csv');
    const [header, ...rows] = parseCsv(await submissionsCsv(await staffViewer()));
    const col = (name: string) => header!.indexOf(name);
    const quizRows = rows.filter((r) => r[col('item_kind')] === 'quiz');
    expect(quizRows.map((r) => r[col('submission_id')]).sort()).toEqual(Object.values(attempts).sort());
    expect(rows.filter((r) => r[col('item_id')] === QUIZ && r[col('item_kind')] !== 'quiz')).toEqual([]);
    const alice1 = quizRows.find((r) => r[col('submission_id')] === attempts.alice1)!;
    expect([alice1[col('email')], alice1[col('original_percent')], alice1[col('override_percent')], alice1[col('final_percent')], alice1[col('score_source')], alice1[col('override_reason')]]).toEqual([
      'alice@example.com',
      '12.5',
      '80',
      '80',
      'override',
      'misread question 4',
    ]);
    const bob1 = quizRows.find((r) => r[col('submission_id')] === attempts.bob1)!;
    expect([bob1[col('regrade_percent')], bob1[col('final_percent')], bob1[col('score_source')]]).toEqual(['25', '25', 'regrade']);
  });
});
