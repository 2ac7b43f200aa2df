import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';
import { accountWithRole, sigmoidSolution, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * Dates that courses use, through the real services on a real database (SQLite, and PostgreSQL
 * under `npm run test:pg`): wall clocks read in the offering's time zone across daylight-saving
 * changes; open, due and close dates enforced for exercise submissions and quiz attempts; each
 * late policy's counted score; extensions for one student and a group; attempt limits; best vs
 * last. Dates are set relative to the server's clock, so no assertion depends on timing.
 */

const env = useTempSiteEnv();
const H = 3_600_000;
const DAY = 24 * H;
const utc = (iso: string) => Date.parse(`${iso}Z`);

type Student = { cookie: string; id: string; email: string };
let staffCookie: string;
let alice: Student;
let bob: Student;
let carol: Student;

async function student(email: string): Promise<Student> {
  const cookie = await signUpStudent(email);
  return { cookie, id: (await viewerFor(cookie))!.id, email };
}

async function db() {
  const { getDb } = await import('../../lib/db');
  return getDb();
}
const staff = () => viewerOf(staffCookie);
const deadlines = () => import('../../lib/staff/deadlines');

async function setZone(zone: string) {
  const viewer = await staff();
  await (await db()).updateTable('offering').set({ time_zone: zone }).where('id', '=', viewer.offering!.id).execute();
}

/** Every question's reference answer for this student, or every answer blank (scores 0). */
async function answers(s: Student, quizId: string, right = true): Promise<Record<string, string | string[]>> {
  const { getQuizCatalog, quizSeed, referenceAnswer } = await import('../../lib/quiz');
  const quiz = getQuizCatalog().byId.get(quizId)!;
  return Object.fromEntries(quiz.questions.map((q) => [q.id, right ? referenceAnswer(q, quizSeed(s.id, quizId)) : q.type === 'multiple' ? [] : '']));
}

async function attempt(s: Student, quizId: string, right = true, locale: 'en' | 'zh' = 'en') {
  const { submitQuiz } = await import('../../lib/site/quizzes');
  return submitQuiz(await viewerFor(s.cookie), quizId, { answers: await answers(s, quizId, right) }, { locale });
}

async function progressOf(s: Student, quizId: string) {
  const { countedQuizProgress } = await import('../../lib/db/quiz-scores');
  return (await countedQuizProgress(await db(), { offeringId: (await staff()).offering!.id, userIds: [s.id], quizId }))[0];
}

beforeAll(async () => {
  await startSite();
  staffCookie = await accountWithRole('dates-staff@example.com', 'staff');
  alice = await student('alice-d@example.com');
  bob = await student('bob-d@example.com');
  carol = await student('carol-d@example.com');
}, 60_000);

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

describe('dates entered in the offering time zone', () => {
  it('reads wall clocks in America/New_York across spring-forward and fall-back, and shows them back exactly', async () => {
    await setZone('America/New_York');
    const { setDeadline, listDeadlines } = await deadlines();
    const { toLocalInput } = await import('../../lib/i18n/time-zone');
    await setDeadline(await staff(), { kind: 'quiz', targetId: 'network-structures-quiz', opensAt: '2027-03-14T01:59', dueAt: '2027-03-14T03:00', closeAt: '2027-11-07T01:30' });
    const row = (await listDeadlines(await staff())).find((d) => d.kind === 'quiz' && d.targetId === 'network-structures-quiz')!;
    expect(row).toMatchObject({ opensAt: utc('2027-03-14T06:59'), dueAt: utc('2027-03-14T07:00'), closeAt: utc('2027-11-07T05:30') });
    expect([row.opensAt, row.dueAt, row.closeAt].map((ms) => toLocalInput(ms!, 'America/New_York'))).toEqual(['2027-03-14T01:59', '2027-03-14T03:00', '2027-11-07T01:30']);
  });

  it('refuses a time the clocks skip, in the staff member’s language, and changes nothing', async () => {
    const { setDeadline, listDeadlines } = await deadlines();
    const before = await listDeadlines(await staff());
    await expect(setDeadline(await staff(), { kind: 'quiz', targetId: 'network-structures-quiz', dueAt: '2027-03-14T02:30' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/2027-03-14 02:30 does not exist in America\/New_York/) });
    await expect(setDeadline(await staff(), { kind: 'quiz', targetId: 'network-structures-quiz', dueAt: '2027-03-14T02:30' }, { locale: 'zh' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/不存在/) });
    expect(await listDeadlines(await staff())).toEqual(before);
  });

  it('reads the same wall clock in Asia/Shanghai as UTC+8', async () => {
    await setZone('Asia/Shanghai');
    const { setDeadline, listDeadlines } = await deadlines();
    await setDeadline(await staff(), { kind: 'quiz', targetId: 'network-structures-quiz', dueAt: '2027-03-14T09:30' });
    expect((await listDeadlines(await staff())).find((d) => d.targetId === 'network-structures-quiz')).toMatchObject({ opensAt: null, dueAt: utc('2027-03-14T01:30'), closeAt: null });
    await setDeadline(await staff(), { kind: 'quiz', targetId: 'network-structures-quiz' });
    expect((await listDeadlines(await staff())).find((d) => d.targetId === 'network-structures-quiz')).toBeUndefined();
  });
});

describe('open, due and close dates for exercises', () => {
  it('refuses before the open date, with the date in the offering zone', async () => {
    const { setDeadline } = await deadlines();
    const { submit } = await import('../../lib/site/submissions');
    await setDeadline(await staff(), { kind: 'section', targetId: '4.1', opensAt: Date.now() + H });
    await expect(submit(await viewerFor(alice.cookie), { exerciseId: 'sigmoid-prime', code: sigmoidSolution, idempotencyKey: 'open-1-alice' }, { locale: 'en', waitMs: 0 })).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/opens for submissions on .*\(UTC\+08:00\)/),
    });
    await setDeadline(await staff(), { kind: 'section', targetId: '4.1' });
  });

  it('accepts late work between due and close, marks it with the per-day factor, and counts the score times it', async () => {
    const { setDeadline } = await deadlines();
    const { submit, getSubmission } = await import('../../lib/site/submissions');
    const { loadScoredSubmissions } = await import('../../lib/db/scores');
    // Due 25 hours ago: two started days late at 10% a day.
    await setDeadline(await staff(), { kind: 'exercise', targetId: 'sigmoid-prime', dueAt: Date.now() - 25 * H, closeAt: Date.now() + H, latePolicy: { kind: 'per-day', percent: 10 } });
    const { submission } = await submit(await viewerFor(alice.cookie), { exerciseId: 'sigmoid-prime', code: sigmoidSolution, idempotencyKey: 'late-perday-alice' }, { locale: 'en', waitMs: 20_000 });
    const mark = await (await db()).selectFrom('late_submission').selectAll().where('submission_id', '=', submission.id).executeTakeFirstOrThrow();
    expect(Number(mark.factor)).toBeCloseTo(0.8, 9);
    let graded = await getSubmission(await viewerFor(alice.cookie), submission.id);
    for (let i = 0; i < 200 && (graded.status === 'queued' || graded.status === 'grading'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      graded = await getSubmission(await viewerFor(alice.cookie), submission.id);
    }
    expect(graded).toMatchObject({ status: 'passed', score: 1, late: true });
    const [scored] = await loadScoredSubmissions(await db(), { userIds: [alice.id], exerciseId: 'sigmoid-prime' });
    expect(scored).toMatchObject({ late: true, lateFactor: 0.8, score: 0.8 });
  });

  it('refuses after the close date', async () => {
    const { setDeadline } = await deadlines();
    const { submit } = await import('../../lib/site/submissions');
    await setDeadline(await staff(), { kind: 'exercise', targetId: 'sigmoid-prime', dueAt: Date.now() - 2 * H, closeAt: Date.now() - H });
    await expect(submit(await viewerFor(bob.cookie), { exerciseId: 'sigmoid-prime', code: sigmoidSolution, idempotencyKey: 'closed-bob-1' }, { locale: 'zh', waitMs: 0 })).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/提交已于 .* 关闭/) });
    expect(await (await db()).selectFrom('submission').select('id').where('idempotency_key', '=', 'closed-bob-1').execute()).toEqual([]);
    await setDeadline(await staff(), { kind: 'exercise', targetId: 'sigmoid-prime' });
  });
});

describe('open, due and close dates for quizzes', () => {
  const QUIZ = 'feedforward-quiz'; // section 4.3

  it('refuses an attempt before its section opens (quizzes used to ignore it), recording nothing', async () => {
    const { setDeadline } = await deadlines();
    await setDeadline(await staff(), { kind: 'section', targetId: '4.3', opensAt: Date.now() + H });
    await expect(attempt(alice, QUIZ)).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/opens for submissions/) });
    expect(await progressOf(alice, QUIZ)).toBeUndefined();
    await setDeadline(await staff(), { kind: 'section', targetId: '4.3' });
  });

  it('marks a late attempt with a fixed factor; the counted score is score × factor; a policy change later moves nothing', async () => {
    const { setDeadline } = await deadlines();
    await setDeadline(await staff(), { kind: 'quiz', targetId: QUIZ, dueAt: Date.now() - H, latePolicy: { kind: 'factor', factor: 0.5 } });
    const late = await attempt(alice, QUIZ);
    expect(late).toMatchObject({ score: 1, late: { factor: 0.5 } });
    expect(await progressOf(alice, QUIZ)).toMatchObject({ bestScore: 0.5, lastScore: 0.5, attempts: 1, lateAttempts: 1 });
    // The factor was recorded with the mark: a new policy applies to new work only.
    await setDeadline(await staff(), { kind: 'quiz', targetId: QUIZ, dueAt: Date.now() - H, latePolicy: { kind: 'none' } });
    expect(await progressOf(alice, QUIZ)).toMatchObject({ bestScore: 0.5 });
    const unpenalised = await attempt(bob, QUIZ);
    expect(unpenalised).toMatchObject({ score: 1, late: { factor: 1 } });
    expect(await progressOf(bob, QUIZ)).toMatchObject({ bestScore: 1, lateAttempts: 1 });
  });

  it('takes the per-day penalty for quizzes too, and refuses after close', async () => {
    const { setDeadline } = await deadlines();
    await setDeadline(await staff(), { kind: 'section', targetId: '4.3', dueAt: Date.now() - 3 * DAY + H, closeAt: Date.now() + H, latePolicy: { kind: 'per-day', percent: 30 } });
    await setDeadline(await staff(), { kind: 'quiz', targetId: QUIZ });
    expect(await attempt(carol, QUIZ)).toMatchObject({ late: { factor: expect.closeTo(0.1, 9) } });
    await setDeadline(await staff(), { kind: 'section', targetId: '4.3', dueAt: Date.now() - 2 * H, closeAt: Date.now() - H });
    await expect(attempt(carol, QUIZ)).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/Submissions closed on/) });
    expect(await progressOf(carol, QUIZ)).toMatchObject({ attempts: 1 });
    await setDeadline(await staff(), { kind: 'section', targetId: '4.3' });
  });
});

describe('extensions', () => {
  const QUIZ = 'backprop-quiz'; // section 4.4

  it('move the dates of one student or a group; the other students are unaffected; removing one restores the common dates', async () => {
    const { setDeadline, grantExtension, listExtensions, removeExtension } = await deadlines();
    await setDeadline(await staff(), { kind: 'quiz', targetId: QUIZ, dueAt: Date.now() - 2 * H, closeAt: Date.now() - H });
    await expect(grantExtension(await staff(), { kind: 'quiz', targetId: QUIZ, students: `${alice.email}, nobody@example.com`, dueAt: Date.now() + H, reason: 'ill' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/nobody@example.com/),
    });
    expect(await listExtensions(await staff())).toEqual([]);

    expect(await grantExtension(await staff(), { kind: 'quiz', targetId: QUIZ, students: `${alice.email}\n${bob.email.toUpperCase()}`, dueAt: Date.now() + H, reason: 'field trip' })).toEqual({ granted: 2 });
    const onTime = await attempt(alice, QUIZ);
    expect(onTime.late).toBeUndefined();
    await attempt(bob, QUIZ);
    await expect(attempt(carol, QUIZ)).rejects.toMatchObject({ status: 403 });

    const { itemDates } = await import('../../lib/site/item-dates');
    const ref = { kind: 'quiz' as const, id: QUIZ, section: '4.4' };
    expect(await itemDates(await db(), await viewerFor(alice.cookie), ref)).toMatchObject({ extended: true });
    expect(await itemDates(await db(), await viewerFor(carol.cookie), ref)).toMatchObject({ extended: false });

    const bobs = (await listExtensions(await staff())).find((x) => x.userId === bob.id)!;
    expect(bobs).toMatchObject({ reason: 'field trip', kind: 'quiz', targetId: QUIZ });
    await removeExtension(await staff(), bobs.id);
    await expect(attempt(bob, QUIZ)).rejects.toMatchObject({ status: 403 });
    await attempt(alice, QUIZ);

    // One student alone, by email: due half an hour ago, open until an hour from now — late, but accepted.
    await grantExtension(await staff(), { kind: 'quiz', targetId: QUIZ, students: carol.email, dueAt: Date.now() - 30 * 60_000, closeAt: Date.now() + H, reason: 'late enrolment' });
    expect(await attempt(carol, QUIZ)).toMatchObject({ late: { factor: 1 } });
    await expect(attempt(bob, QUIZ)).rejects.toMatchObject({ status: 403 });
    await setDeadline(await staff(), { kind: 'quiz', targetId: QUIZ });
  });
});

describe('attempt limits and which attempt counts', () => {
  const QUIZ = 'optimisation-quiz';

  it('refuses the attempt past the limit in the student’s language, and tells how many are used', async () => {
    const { setDeadline } = await deadlines();
    const { itemDates } = await import('../../lib/site/item-dates');
    await setDeadline(await staff(), { kind: 'quiz', targetId: QUIZ, maxAttempts: 2 });
    await attempt(alice, QUIZ, false);
    const ref = { kind: 'quiz' as const, id: QUIZ, section: '4.6' };
    expect(await itemDates(await db(), await viewerFor(alice.cookie), ref)).toMatchObject({ maxAttempts: 2, attemptsUsed: 1 });
    await attempt(alice, QUIZ, true);
    await expect(attempt(alice, QUIZ)).rejects.toMatchObject({ status: 403, message: 'You have used all 2 attempts allowed here; nothing was recorded.' });
    await expect(attempt(alice, QUIZ, true, 'zh')).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/全部 2 次尝试/) });
    expect(await progressOf(alice, QUIZ)).toMatchObject({ attempts: 2 });
    // Bob's attempts are his own.
    await attempt(bob, QUIZ);
  });

  it('limits exercise submissions the same way', async () => {
    const { setDeadline } = await deadlines();
    const { submit } = await import('../../lib/site/submissions');
    await setDeadline(await staff(), { kind: 'exercise', targetId: 'sigmoid-prime', maxAttempts: 1 });
    // Carol has no submission of sigmoid-prime yet.
    await submit(await viewerFor(carol.cookie), { exerciseId: 'sigmoid-prime', code: sigmoidSolution, idempotencyKey: 'limit-carol-1' }, { locale: 'en', waitMs: 0 });
    await expect(submit(await viewerFor(carol.cookie), { exerciseId: 'sigmoid-prime', code: sigmoidSolution, idempotencyKey: 'limit-carol-2' }, { locale: 'en', waitMs: 0 })).rejects.toMatchObject({ status: 403, message: /all 1 attempt allowed/ });
    // A retried request of the recorded one is not a new attempt.
    expect((await submit(await viewerFor(carol.cookie), { exerciseId: 'sigmoid-prime', code: sigmoidSolution, idempotencyKey: 'limit-carol-1' }, { locale: 'en', waitMs: 0 })).created).toBe(false);
    await setDeadline(await staff(), { kind: 'exercise', targetId: 'sigmoid-prime' });
  });

  it('counts the best or the last attempt as the item says', async () => {
    const { setDeadline } = await deadlines();
    const { loadOfferingWindows } = await import('../../lib/db/windows');
    const { pickCounted } = await import('../../lib/db/scores');
    // Alice: blank (0) then right (1) at optimisation-quiz; a right then a blank attempt at another.
    await attempt(alice, 'activation-functions-quiz', true);
    await attempt(alice, 'activation-functions-quiz', false);
    await setDeadline(await staff(), { kind: 'section', targetId: '4.1', counts: 'last' });
    const rules = await loadOfferingWindows(await db(), (await staff()).offering!.id);
    expect(rules.windowFor(alice.id, { kind: 'quiz', id: 'activation-functions-quiz', section: '4.1' }).counts).toBe('last');
    expect(rules.windowFor(alice.id, { kind: 'quiz', id: QUIZ, section: '4.6' }).counts).toBe('best');
    expect(await progressOf(alice, 'activation-functions-quiz')).toMatchObject({ bestScore: 1, lastScore: 0 });
    expect(pickCounted([{ createdAt: 1, score: 1 }, { createdAt: 2, score: 0 }], 'last')).toBe(0);
    await setDeadline(await staff(), { kind: 'section', targetId: '4.1' });
  });
});
