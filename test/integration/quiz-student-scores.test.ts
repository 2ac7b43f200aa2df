import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';
import { accountWithRole, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * A student's own pages count a quiz as staff do (lib/db/quiz-scores.ts is the one authority), on
 * SQLite and on PostgreSQL under `npm run test:pg`: an attempt overridden by staff, a late attempt
 * at its factor, a score set for the whole quiz, the last attempt counting where the rule says so,
 * and a regrade after a key change. Then "count late work" off leaves late quiz attempts out of the
 * gradebook and its CSV, as it does for exercises. The catalogue is a copy of exercises/ in a
 * temporary folder, so the test can change a quiz's key the way an author would.
 */

const env = useTempSiteEnv();
const root = mkdtempSync(path.join(process.cwd(), '.quiz-student-scores-test-'));
chmodSync(root, 0o755);
cpSync('exercises', root, { recursive: true });
process.env.DELTALAB_EXERCISES_DIR = root;
const QUIZ = 'feedforward-quiz';
const CELL = `quiz:${QUIZ}`;
const quizFile = path.join(root, '4.3-feedforward', QUIZ, 'quiz.yaml');
const H = 3_600_000;

type Person = { cookie: string; id: string; email: string };
let staff: Person;
const s: Record<'alice' | 'bob' | 'carol' | 'dan' | 'erin', Person> = {} as never;
const attempts: Record<string, string> = {};

async function person(cookie: string, email: string): Promise<Person> {
  return { cookie, id: (await viewerFor(cookie))!.id, email };
}

/**
 * An attempt: weight-shape and count-layers as given, parameter-count right, the rest blank. Of 8
 * points: the right shape (m1-by-m0) and layers (3) give 3/8; the wrong ones 1/8.
 */
async function submit(who: Person, shape: 'm0-by-m1' | 'm1-by-m0', layers: string) {
  const { getQuizCatalog, quizSeed, tokensFor } = await import('../../lib/quiz');
  const { submitQuiz } = await import('../../lib/site/quizzes');
  const quiz = getQuizCatalog().byId.get(QUIZ)!;
  const q = quiz.questions.find((x) => x.id === 'weight-shape')!;
  if (q.type !== 'single') throw new Error('weight-shape is a single choice');
  const [token] = tokensFor(q, quizSeed(who.id, QUIZ), [shape]);
  return submitQuiz(await viewerOf(who.cookie), QUIZ, { answers: { 'weight-shape': token!, 'count-layers': layers, 'parameter-count': '79510' } }, { locale: 'en' });
}

const staffViewer = () => viewerOf(staff.cookie);

/** What the student's own pages say the quiz counts (home page, section list, quiz page). */
async function studentSees(who: Person) {
  const { getQuizProgress } = await import('../../lib/site/quizzes');
  return (await getQuizProgress(await viewerOf(who.cookie)))[QUIZ];
}

async function gradebookCells(countLate = true) {
  const { getGradebook } = await import('../../lib/staff/gradebook');
  const book = await getGradebook(await staffViewer(), { countLate });
  return new Map(book.rows.map((r) => [r.student.id, r.cells[CELL]]));
}

/** The student's page and the gradebook agree, and both say `expected`. */
async function expectSameScore(who: Person, expected: number) {
  const cell = (await gradebookCells()).get(who.id);
  const mine = await studentSees(who);
  expect(cell?.bestScore).toBeCloseTo(expected, 9);
  expect(mine?.bestScore).toBeCloseTo(expected, 9);
  expect(mine?.bestScore).toBe(cell?.bestScore);
}

function csvColumn(csv: string, column: string): Map<string, string> {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean).map((l) => l.split(','));
  const header = lines[0]!;
  const at = header.indexOf(column);
  expect(at).toBeGreaterThanOrEqual(0);
  return new Map(lines.slice(1).map((l) => [l[header.indexOf('email')]!, l[at]!]));
}

beforeAll(async () => {
  await startSite();
  staff = await person(await accountWithRole('ta-scores@example.com', 'staff'), 'ta-scores@example.com');
  for (const name of ['alice', 'bob', 'carol', 'dan', 'erin'] as const) {
    const email = `${name}-scores@example.com`;
    s[name] = await person(await signUpStudent(email), email);
  }
}, 60_000);

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  delete process.env.DELTALAB_EXERCISES_DIR;
  rmSync(root, { recursive: true, force: true });
  env.cleanup();
});

describe('a student sees the quiz score that counts', () => {
  it('overridden, late, set for the whole quiz, last-counts: the student’s pages say what the gradebook says', async () => {
    const { overrideQuizAttempt, overrideQuizItem } = await import('../../lib/staff/quiz-overrides');
    const { setDeadline } = await import('../../lib/staff/deadlines');
    const { getQuizAttempts } = await import('../../lib/site/quizzes');
    attempts.alice = (await submit(s.alice, 'm0-by-m1', '4')).id;
    attempts.bob = (await submit(s.bob, 'm1-by-m0', '3')).id;
    attempts.dan = (await submit(s.dan, 'm1-by-m0', '3')).id;
    attempts.erin1 = (await submit(s.erin, 'm1-by-m0', '3')).id;
    attempts.erin2 = (await submit(s.erin, 'm0-by-m1', '4')).id;

    await overrideQuizAttempt(await staffViewer(), { attemptId: attempts.alice, percent: 80, reason: 'misread question 4' });
    await overrideQuizItem(await staffViewer(), { userId: s.dan.id, quizId: QUIZ, percent: 90, reason: 'oral exam instead' });
    // From now on the quiz is past due (late attempts count × 0.5) and its last attempt counts.
    await setDeadline(await staffViewer(), { kind: 'quiz', targetId: QUIZ, dueAt: Date.now() - H, latePolicy: { kind: 'factor', factor: 0.5 }, counts: 'last' });
    const late = await submit(s.carol, 'm1-by-m0', '3');
    attempts.carol = late.id;
    expect(late).toMatchObject({ score: 3 / 8, countedScore: 3 / 16, late: { factor: 0.5 } });

    // Before this change the student pages read the raw attempts: Alice saw 12.5%, Dan 37.5%, Erin 37.5%.
    await expectSameScore(s.alice, 0.8);
    await expectSameScore(s.bob, 3 / 8);
    await expectSameScore(s.carol, 3 / 16);
    await expectSameScore(s.dan, 0.9);
    await expectSameScore(s.erin, 1 / 8);
    expect(await studentSees(s.dan)).toMatchObject({ attempts: 1, overridden: true });
    expect(await studentSees(s.carol)).toMatchObject({ attempts: 1, lateAttempts: 1 });
    expect(await studentSees(s.alice)).not.toHaveProperty('overridden');

    // The quiz page's history shows what each attempt counts with, beside what the grading gave.
    const [aliceAttempt] = await getQuizAttempts(await viewerOf(s.alice.cookie), QUIZ);
    expect(aliceAttempt).toMatchObject({ id: attempts.alice, score: 1 / 8, countedScore: 0.8, override: { score: 0.8, reason: 'misread question 4' } });
    const [carolAttempt] = await getQuizAttempts(await viewerOf(s.carol.cookie), QUIZ);
    expect(carolAttempt).toMatchObject({ id: attempts.carol, score: 3 / 8, countedScore: 3 / 16, late: { factor: 0.5 } });
    expect(carolAttempt).not.toHaveProperty('override');
  });

  it('after a regrade the student sees the regraded score, as the gradebook counts it', async () => {
    const { applyQuizRegrade } = await import('../../lib/staff/quiz-regrade');
    const { getQuizCatalog } = await import('../../lib/quiz');
    const { getQuizAttempts } = await import('../../lib/site/quizzes');
    // The author decides the transposed shape is the right answer: every attempt is now 2/8.
    const text = readFileSync(quizFile, 'utf8');
    expect(text).toContain('correct: m1-by-m0');
    writeFileSync(quizFile, text.replace('correct: m1-by-m0', 'correct: m0-by-m1'));
    getQuizCatalog({ fresh: true });
    await applyQuizRegrade(await staffViewer(), { quizId: QUIZ });

    await expectSameScore(s.alice, 0.8); // the override still stands
    await expectSameScore(s.bob, 2 / 8);
    await expectSameScore(s.carol, 2 / 16); // regraded, then × its late factor
    await expectSameScore(s.dan, 0.9);
    await expectSameScore(s.erin, 2 / 8);
    const [bobAttempt] = await getQuizAttempts(await viewerOf(s.bob.cookie), QUIZ);
    expect(bobAttempt).toMatchObject({ score: 3 / 8, countedScore: 2 / 8, regraded: true });
  });
});

describe('"count late work" covers quizzes', () => {
  it('leaves late quiz attempts out of the gradebook when off (still counted as attempts), and of its CSV', async () => {
    const withLate = await gradebookCells(true);
    const withoutLate = await gradebookCells(false);
    expect(withLate.get(s.carol.id)).toMatchObject({ bestScore: 2 / 16, attempts: 1, lateAttempts: 1 });
    expect(withoutLate.get(s.carol.id)).toMatchObject({ bestScore: null, attempts: 1, lateAttempts: 1 });
    // On-time work and scores set by staff are the same either way.
    for (const who of [s.alice, s.bob, s.dan, s.erin]) expect(withoutLate.get(who.id)?.bestScore).toBe(withLate.get(who.id)?.bestScore);

    const { gradebookCsv, submissionsCsv } = await import('../../lib/staff/export');
    const { GradebookQuery } = await import('../../lib/staff/gradebook');
    const counted = csvColumn(await gradebookCsv(await staffViewer(), GradebookQuery.parse({ countLate: true })), CELL);
    const ignored = csvColumn(await gradebookCsv(await staffViewer(), GradebookQuery.parse({ countLate: false })), CELL);
    expect(counted.get(s.carol.email)).toBe('12.5');
    expect(ignored.get(s.carol.email)).toBe('');
    expect(ignored.get(s.bob.email)).toBe('25');
    expect(ignored.get(s.dan.email)).toBe('90');

    // The submissions export marks the late quiz attempt late (it said false for every quiz row).
    const csv = await submissionsCsv(await staffViewer());
    const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean).map((l) => l.split(','));
    const header = lines[0]!;
    const lateOf = new Map(lines.slice(1).map((l) => [l[header.indexOf('submission_id')]!, l[header.indexOf('late')]!]));
    expect(lateOf.get(attempts.carol)).toBe('true');
    expect(lateOf.get(attempts.bob)).toBe('false');
  });
});
