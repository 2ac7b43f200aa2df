import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { accountWithRole } from './staff-helpers';
import { ORIGIN, signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * Request bodies and per-student limits (issue 11, F5 and F6), through the real route handlers,
 * better-auth sessions and database (SQLite, and PostgreSQL under `npm run test:pg`):
 * - no byte of a body is read before the session is known; an anonymous POST is answered 401
 *   whatever it sends, an oversized body of a signed-in student 413;
 * - the code a submission may store is exactly what the grader accepts;
 * - Check and Submit are rate-limited per student, with Retry-After and a sentence in the
 *   student's language; Check is also limited to a few at once.
 */

const env = useTempSiteEnv();
const SIGMOID = 'exercises/4.1-neurons/sigmoid-prime';
const solution = readFileSync(path.join(SIGMOID, '.meta/solution.ts'), 'utf8');
const starter = readFileSync(path.join(SIGMOID, 'starter.ts'), 'utf8');
const MB = 1024 * 1024;

let pool: GraderPool;
let alice: string;
let bob: string;
let carol: string;
let dan: string;
let instructor: string;

beforeAll(async () => {
  pool = createPool({ size: 2 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  alice = await signUpStudent('alice@example.com');
  bob = await signUpStudent('bob@example.com');
  carol = await signUpStudent('carol@example.com');
  dan = await signUpStudent('dan@example.com');
  instructor = await accountWithRole('instructor@example.com', 'instructor');
  await pool.ready();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

/**
 * A body of `bytes` bytes that is produced only as it is read, and says how much was read. With
 * `declare`, the request carries its Content-Length (else it is sent as a stream, like chunked).
 */
function countingBody(bytes: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= bytes) return controller.close();
        const n = Math.min(chunk.byteLength, bytes - counter.pulled);
        counter.pulled += n;
        controller.enqueue(chunk.subarray(0, n));
      },
    },
    // Nothing is pulled until someone reads.
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function post(url: string, init: { cookie?: string; body: BodyInit; contentLength?: number; method?: string; locale?: 'en' | 'zh' }): NextRequest {
  const headers = new Headers({ origin: ORIGIN, 'content-type': 'application/json' });
  const cookies = [init.cookie, init.locale ? `deltalab-locale=${init.locale}` : undefined].filter(Boolean);
  if (cookies.length) headers.set('cookie', cookies.join('; '));
  if (init.contentLength !== undefined) headers.set('content-length', String(init.contentLength));
  return new NextRequest(`${ORIGIN}${url}`, { method: init.method ?? 'POST', headers, body: init.body, duplex: 'half' } as ConstructorParameters<typeof NextRequest>[1]);
}

type Route = { name: string; url: string; method?: string; call: (req: NextRequest) => Promise<Response> };

async function routes(): Promise<Route[]> {
  const check = await import('../../app/api/check/route');
  const submissions = await import('../../app/api/submissions/route');
  const drafts = await import('../../app/api/drafts/[exerciseId]/route');
  const quiz = await import('../../app/api/quizzes/[id]/attempts/route');
  const regrade = await import('../../app/api/staff/regrade/route');
  const tryRoute = await import('../../app/api/staff/try/route');
  return [
    { name: 'POST /api/check', url: '/api/check', call: (r) => check.POST(r) },
    { name: 'POST /api/submissions', url: '/api/submissions', call: (r) => submissions.POST(r) },
    { name: 'PUT /api/drafts/sigmoid-prime', url: '/api/drafts/sigmoid-prime', method: 'PUT', call: (r) => drafts.PUT(r, { params: Promise.resolve({ exerciseId: 'sigmoid-prime' }) }) },
    { name: 'POST /api/quizzes/feedforward-quiz/attempts', url: '/api/quizzes/feedforward-quiz/attempts', call: (r) => quiz.POST(r, { params: Promise.resolve({ id: 'feedforward-quiz' }) }) },
    { name: 'POST /api/staff/regrade', url: '/api/staff/regrade', call: (r) => regrade.POST(r) },
    { name: 'POST /api/staff/try', url: '/api/staff/try', call: (r) => tryRoute.POST(r) },
  ];
}

describe('request bodies are read only after the session, and only so much (F5)', () => {
  it('answers an anonymous 200 MB POST with 401 on every route without reading a byte of it', async () => {
    for (const route of await routes()) {
      const { stream, counter } = countingBody(200 * MB);
      const res = await route.call(post(route.url, { body: stream, method: route.method }));
      expect(res.status, route.name).toBe(401);
      expect(counter.pulled, route.name).toBe(0);
    }
  });

  it('refuses a declared Content-Length over the limit with 413 without reading it', async () => {
    for (const route of await routes()) {
      const { stream, counter } = countingBody(50 * MB);
      const res = await route.call(post(route.url, { cookie: instructor, body: stream, method: route.method, contentLength: 50 * MB }));
      // The quiz API has always said 400 with its reason for an oversized body.
      expect(res.status, route.name).toBe(route.url.startsWith('/api/quizzes/') ? 400 : 413);
      expect(counter.pulled, route.name).toBe(0);
    }
  });

  it('stops reading a streamed body at the limit and answers 413', async () => {
    for (const route of await routes()) {
      const { stream, counter } = countingBody(50 * MB);
      const res = await route.call(post(route.url, { cookie: instructor, body: stream, method: route.method }));
      expect(res.status, route.name).toBe(route.url.startsWith('/api/quizzes/') ? 400 : 413);
      // At most the limit (well under 1 MB for every route) and one more chunk.
      expect(counter.pulled, route.name).toBeLessThan(MB);
    }
  });
});

async function submit(cookie: string, code: string, key: string, locale?: 'en' | 'zh') {
  const { POST } = await import('../../app/api/submissions/route');
  const res = await POST(post('/api/submissions', { cookie, locale, body: JSON.stringify({ exerciseId: 'sigmoid-prime', code, idempotencyKey: key }) }));
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { submission?: { id: string; status: string; result: { status: string } | null }; error?: string } };
}

async function check(cookie: string, code: string, locale?: 'en' | 'zh') {
  const { POST } = await import('../../app/api/check/route');
  const res = await POST(post('/api/check', { cookie, locale, body: JSON.stringify({ exerciseId: 'sigmoid-prime', code }) }));
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { result?: { status: string }; error?: string } };
}

async function storedCount(cookie: string): Promise<number> {
  const { getDb } = await import('../../lib/db');
  const viewer = await viewerFor(cookie);
  const row = await (await getDb())
    .selectFrom('submission')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', viewer!.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** `code` padded with a comment to exactly `bytes` UTF-8 bytes. */
function padTo(code: string, bytes: number): string {
  const head = `${code}\n// `;
  return head + 'x'.repeat(bytes - Buffer.byteLength(head));
}

describe('the code a submission stores is what the grader accepts (F6)', () => {
  it('stores and grades code of exactly the grader limit, refuses one byte more (413, nothing stored)', async () => {
    const { DEFAULT_MAX_SOURCE_BYTES } = await import('../../grader/sandbox/transpile');
    const { getCatalog } = await import('../../lib/content/loader');
    const limit = Math.min(DEFAULT_MAX_SOURCE_BYTES, getCatalog().byId.get('sigmoid-prime')!.limits.sourceBytes);
    expect(limit).toBe(64 * 1024);

    const atLimit = await submit(alice, padTo(solution, limit), 'alice-at-limit-1');
    expect([200, 202]).toContain(atLimit.status);
    expect(atLimit.body.submission?.result?.status ?? 'pending').not.toBe('compile_error');

    const before = await storedCount(alice);
    const over = await submit(alice, padTo(solution, limit + 1), 'alice-over-limit-1');
    expect(over.status).toBe(413);
    expect(over.body.error).toMatch(/65 kB.*64 kB/);
    expect(await storedCount(alice)).toBe(before);

    // Bytes, not characters: 30 000 × "中" is 90 kB.
    const wide = await submit(alice, `${solution}\n// ${'中'.repeat(30_000)}`, 'alice-wide-1', 'zh');
    expect(wide.status).toBe(413);
    expect(wide.body.error).toContain('本题上限为 64 kB');
    expect(await storedCount(alice)).toBe(before);

    // Check and drafts refuse it too.
    expect((await check(alice, padTo(solution, limit + 1))).status).toBe(413);
    const { PUT } = await import('../../app/api/drafts/[exerciseId]/route');
    const draft = await PUT(post('/api/drafts/sigmoid-prime', { cookie: alice, method: 'PUT', body: JSON.stringify({ code: padTo(solution, limit + 1) }) }), { params: Promise.resolve({ exerciseId: 'sigmoid-prime' }) });
    expect(draft.status).toBe(413);
  });
});

describe('per-student rate limits (F6)', () => {
  it('refuses a submission over the per-minute limit with 429, Retry-After and a sentence in the student’s language', async () => {
    process.env.DELTALAB_SUBMIT_PER_MINUTE = '3';
    try {
      for (let i = 0; i < 3; i++) expect((await submit(bob, starter, `bob-rate-${i}-xxxx`)).status).toBeLessThan(300);
      const before = await storedCount(bob);
      const refused = await submit(bob, starter, 'bob-rate-3-xxxx', 'zh');
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
      expect(refused.body.error).toContain('一分钟内已提交 3 次');
      expect(await storedCount(bob)).toBe(before);
      const english = await submit(bob, starter, 'bob-rate-4-xxxx', 'en');
      expect(english.body.error).toMatch(/You submitted 3 times in the last minute.*Try again in \d+ s/);
      // A retry of a recorded submission is not a new one: answered, not refused.
      const retry = await submit(bob, starter, 'bob-rate-0-xxxx');
      expect(retry.status).toBe(200);
      // Another student is not affected.
      expect((await submit(carol, starter, 'carol-rate-0-xxxx')).status).toBeLessThan(300);
    } finally {
      delete process.env.DELTALAB_SUBMIT_PER_MINUTE;
    }
  });

  it('refuses a Check over the per-minute limit with 429 and Retry-After', async () => {
    process.env.DELTALAB_CHECK_PER_MINUTE = '3';
    try {
      for (let i = 0; i < 3; i++) expect((await check(carol, starter)).status).toBe(200);
      const refused = await check(carol, starter, 'zh');
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(refused.body.error).toContain('“检查”3 次');
      expect((await check(bob, starter)).status).toBe(200);
    } finally {
      delete process.env.DELTALAB_CHECK_PER_MINUTE;
    }
  });

  it('runs one Check of a student at a time when the in-flight limit is 1: of two at once, one is refused', async () => {
    process.env.DELTALAB_CHECK_IN_FLIGHT = '1';
    try {
      // Code that keeps the grader busy for its whole per-call limit, so both requests overlap.
      const slow = `${starter}\nconst t0 = Date.now(); while (Date.now() - t0 < 5000) {}\n`;
      const results = await Promise.all([check(dan, slow, 'en'), check(dan, slow, 'en')]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 429]);
      expect(results.find((r) => r.status === 429)!.body.error).toMatch(/previous Check is still running/);
      // Once it has finished, the next one runs.
      expect((await check(dan, starter)).status).toBe(200);
    } finally {
      delete process.env.DELTALAB_CHECK_IN_FLIGHT;
    }
  });
});
