import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';
import { accountWithRole, sigmoidSolution, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * An item's attempt limit holds against requests sent at once (two tabs, a double click, a
 * script), on SQLite and on PostgreSQL under `npm run test:pg`: the count and the insert are one
 * transaction under a lock (lib/site/item-dates.ts claimAttempt), so of N concurrent quiz attempts
 * or submissions exactly the limit are recorded and the rest are refused with the "no attempts
 * left" sentence in the student's language. A retried submission (same idempotency key) racing
 * its first request is not a new attempt.
 */

const env = useTempSiteEnv();
const QUIZ = 'optimisation-quiz';
const EXERCISE = 'sigmoid-prime';
let staffCookie: string;

async function student(email: string) {
  const cookie = await signUpStudent(email);
  return (await viewerFor(cookie))!;
}

async function setLimit(kind: 'quiz' | 'exercise', targetId: string, maxAttempts: number) {
  const { setDeadline } = await import('../../lib/staff/deadlines');
  await setDeadline(await viewerOf(staffCookie), { kind, targetId, maxAttempts });
}

async function count(table: 'quiz_attempt' | 'submission', userId: string): Promise<number> {
  const { getDb } = await import('../../lib/db');
  const row = await (await getDb()).selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Fulfilled values, and the refusals' status and message. */
function split<T>(results: PromiseSettledResult<T>[]) {
  const accepted = results.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled').map((r) => r.value);
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { status?: number; message: string });
  return { accepted, refused };
}

beforeAll(async () => {
  await startSite();
  staffCookie = await accountWithRole('race-staff@example.com', 'staff');
}, 60_000);

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

describe('attempt limits under concurrent requests', () => {
  it.each([1, 2])('records exactly %i of 8 quiz attempts sent at once; the rest are told in en and zh', async (limit) => {
    const { submitQuiz } = await import('../../lib/site/quizzes');
    await setLimit('quiz', QUIZ, limit);
    const who = await student(`race-quiz-${limit}@example.com`);
    const locales = ['en', 'zh', 'en', 'zh', 'en', 'zh', 'en', 'zh'] as const;
    const { accepted, refused } = split(await Promise.allSettled(locales.map((locale) => submitQuiz(who, QUIZ, { answers: {} }, { locale }))));
    expect(accepted).toHaveLength(limit);
    expect(refused).toHaveLength(8 - limit);
    const en = limit === 1 ? 'You have used all 1 attempt allowed here; nothing was recorded.' : `You have used all ${limit} attempts allowed here; nothing was recorded.`;
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect([en, `你已用完此处允许的全部 ${limit} 次尝试；本次未被记录。`]).toContain(r.message);
    }
    // Both languages were refused.
    expect(new Set(refused.map((r) => r.message)).size).toBe(2);
    expect(await count('quiz_attempt', who.id)).toBe(limit);
  });

  it.each([1, 2])('records exactly %i of 4 exercise submissions sent at once', async (limit) => {
    const { submit } = await import('../../lib/site/submissions');
    await setLimit('exercise', EXERCISE, limit);
    const who = await student(`race-exercise-${limit}@example.com`);
    const locales = ['zh', 'en', 'zh', 'en'] as const;
    const { accepted, refused } = split(
      await Promise.allSettled(locales.map((locale, i) => submit(who, { exerciseId: EXERCISE, code: sigmoidSolution, idempotencyKey: `race-${limit}-${i}` }, { locale, waitMs: 0 }))),
    );
    expect(accepted.filter((a) => a.created)).toHaveLength(limit);
    expect(refused).toHaveLength(4 - limit);
    for (const r of refused) {
      expect(r.status).toBe(403);
      expect(r.message).toMatch(new RegExp(`all ${limit} attempts? allowed here|全部 ${limit} 次尝试`));
    }
    expect(await count('submission', who.id)).toBe(limit);
  });

  it('answers a retried submission racing its first request with that submission, not a refusal', async () => {
    const { submit } = await import('../../lib/site/submissions');
    await setLimit('exercise', EXERCISE, 1);
    const who = await student('race-retry@example.com');
    const body = { exerciseId: EXERCISE, code: sigmoidSolution, idempotencyKey: 'race-retry-key' };
    const [a, b] = await Promise.all([submit(who, body, { locale: 'en', waitMs: 0 }), submit(who, body, { locale: 'en', waitMs: 0 })]);
    expect(a.submission.id).toBe(b.submission.id);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(await count('submission', who.id)).toBe(1);
    // A new key is a new attempt, and the one allowed is used.
    await expect(submit(who, { ...body, idempotencyKey: 'race-retry-other' }, { locale: 'en', waitMs: 0 })).rejects.toMatchObject({ status: 403 });
  });
});
