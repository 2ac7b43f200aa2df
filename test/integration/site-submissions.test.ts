import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { ORIGIN, signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

const env = useTempSiteEnv();
const SIGMOID = 'exercises/4.1-neurons/sigmoid-prime';
const solution = readFileSync(path.join(SIGMOID, '.meta/solution.ts'), 'utf8');
const starter = readFileSync(path.join(SIGMOID, 'starter.ts'), 'utf8');

let pool: GraderPool;
let alice: string;
let bob: string;

beforeAll(async () => {
  pool = createPool({ size: 2 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  alice = await signUpStudent('alice@example.com');
  bob = await signUpStudent('bob@example.com');
  await pool.ready();
}, 120_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

function apiRequest(url: string, init: { method?: string; cookie?: string; body?: unknown; origin?: string } = {}): NextRequest {
  const headers = new Headers();
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.origin) headers.set('origin', init.origin);
  return new NextRequest(`${ORIGIN}${url}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function postSubmission(cookie: string | undefined, body: unknown, origin = ORIGIN) {
  const { POST } = await import('../../app/api/submissions/route');
  const res = await POST(apiRequest('/api/submissions', { method: 'POST', cookie, body, origin }));
  return { status: res.status, body: (await res.json()) as { submission?: { id: string; status: string; score: number | null; result: { status: string; checks: unknown[] } | null }; error?: string } };
}

async function getSubmissionAs(cookie: string | undefined, id: string) {
  const { GET } = await import('../../app/api/submissions/[id]/route');
  return GET(apiRequest(`/api/submissions/${id}`, { cookie }), { params: Promise.resolve({ id }) });
}

describe('submit', () => {
  it('records the submission and answers with the verdict in the same request', async () => {
    const res = await postSubmission(alice, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'alice-solution-1' });
    expect(res.status).toBe(200);
    expect(res.body.submission).toMatchObject({ status: 'passed', score: 1 });
    expect(res.body.submission?.result?.checks.length).toBeGreaterThan(1);
  });

  it('stores the full result, the exercise version and timings', async () => {
    const { getDb } = await import('../../lib/db');
    const row = await (await getDb()).selectFrom('submission').selectAll().where('idempotency_key', '=', 'alice-solution-1').executeTakeFirstOrThrow();
    expect(row.exercise_version).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.parse(row.result_json!).status).toBe('passed');
    expect(Number(row.graded_at)).toBeGreaterThanOrEqual(Number(row.started_at));
    expect(Number(row.started_at)).toBeGreaterThanOrEqual(Number(row.created_at));
    expect(row.grade_ms).toBeGreaterThan(0);
    expect(row.grading_attempts).toBe(1);
  });

  it('makes one submission of a double click or a retried request (same idempotency key)', async () => {
    const body = { exerciseId: 'sigmoid-prime', code: starter, idempotencyKey: 'alice-double-click' };
    const [a, b] = await Promise.all([postSubmission(alice, body), postSubmission(alice, body)]);
    const c = await postSubmission(alice, body);
    expect(a.body.submission?.id).toBeDefined();
    expect(b.body.submission?.id).toBe(a.body.submission?.id);
    expect(c.body.submission?.id).toBe(a.body.submission?.id);
    expect(c.body.submission?.status).toBe('failed');
    const { getDb } = await import('../../lib/db');
    const rows = await (await getDb()).selectFrom('submission').select('id').where('idempotency_key', '=', 'alice-double-click').execute();
    expect(rows).toHaveLength(1);
  });

  it('keys are per student: the same key from another student is another submission', async () => {
    const res = await postSubmission(bob, { exerciseId: 'sigmoid-prime', code: starter, idempotencyKey: 'alice-double-click' });
    expect(res.status).toBe(200);
    const { getDb } = await import('../../lib/db');
    const rows = await (await getDb()).selectFrom('submission').select('user_id').where('idempotency_key', '=', 'alice-double-click').execute();
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(2);
  });

  it('refuses anonymous, malformed and cross-site submissions', async () => {
    expect((await postSubmission(undefined, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'anon-000001' })).status).toBe(401);
    expect((await postSubmission(alice, { exerciseId: 'sigmoid-prime', code: 42, idempotencyKey: 'bad-00000001' })).status).toBe(400);
    expect((await postSubmission(alice, { exerciseId: 'no-such-exercise', code: '', idempotencyKey: 'bad-00000002' })).status).toBe(404);
    expect((await postSubmission(alice, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'xsite-000001' }, 'https://evil.example')).status).toBe(403);
  });

  it('refuses a fifth submission while four are still waiting', async () => {
    const { getDb } = await import('../../lib/db');
    const { newId } = await import('../../lib/db/ids');
    const viewer = await viewerFor(bob);
    const db = await getDb();
    // Rows left waiting (as if the grader were down); the test removes them again.
    const ids = Array.from({ length: 4 }, () => newId());
    await db
      .insertInto('submission')
      .values(ids.map((id, i) => ({ id, user_id: viewer!.id, exercise_id: 'sigmoid-prime', exercise_version: 'x', mode: 'submit', status: 'queued' as const, code: '', idempotency_key: `stuck-${i}-xxxx`, locale: 'en', created_at: Date.now() })))
      .execute();
    const refused = await postSubmission(bob, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'bob-fifth-1' });
    expect(refused.status).toBe(429);
    // A retry of one already recorded is still answered.
    const retry = await postSubmission(bob, { exerciseId: 'sigmoid-prime', code: '', idempotencyKey: 'stuck-0-xxxx' });
    expect(retry.body.submission?.id).toBe(ids[0]);
    await db.deleteFrom('submission').where('id', 'in', ids).execute();
  });
});

describe('who may read a submission', () => {
  it('its student: yes; another student: 404; nobody signed in: 401; course staff: yes', async () => {
    const mine = await postSubmission(alice, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'alice-private-1' });
    const id = mine.body.submission!.id;

    const own = await getSubmissionAs(alice, id);
    expect(own.status).toBe(200);
    const body = (await own.json()) as { submission: { code: string; result: unknown } };
    expect(body.submission.code).toBe(solution);
    expect(body.submission.result).toBeTruthy();

    const other = await getSubmissionAs(bob, id);
    expect(other.status).toBe(404);
    expect(JSON.stringify(await other.json())).not.toContain('sigmoid');

    expect((await getSubmissionAs(undefined, id)).status).toBe(401);
    expect((await getSubmissionAs(bob, 'not-a-uuid')).status).toBe(404);

    const { getDb } = await import('../../lib/db');
    const staffCookie = await signUpStudent('ta@example.com');
    const ta = await viewerFor(staffCookie);
    const db = await getDb();
    await db.updateTable('user').set({ role: 'staff' }).where('id', '=', ta!.id).execute();
    // The site role alone is not enough: staff of the offering the work was done in may read it.
    expect((await getSubmissionAs(staffCookie, id)).status).toBe(404);
    await db.updateTable('offering_member').set({ role: 'ta' }).where('user_id', '=', ta!.id).execute();
    expect((await getSubmissionAs(staffCookie, id)).status).toBe(200);
  });

  it('lists only the viewer’s own attempts', async () => {
    const { GET } = await import('../../app/api/submissions/route');
    const res = await GET(apiRequest('/api/submissions?exercise=sigmoid-prime', { cookie: bob }));
    const { attempts } = (await res.json()) as { attempts: { id: string }[] };
    expect(attempts).toHaveLength(1);
  });

  it('drafts are private too', async () => {
    const { PUT, GET } = await import('../../app/api/drafts/[exerciseId]/route');
    const params = { params: Promise.resolve({ exerciseId: 'sigmoid-prime' }) };
    const saved = await PUT(apiRequest('/api/drafts/sigmoid-prime', { method: 'PUT', cookie: alice, body: { code: '// alice draft' }, origin: ORIGIN }), params);
    expect(saved.status).toBe(200);
    const aliceDraft = (await (await GET(apiRequest('/api/drafts/sigmoid-prime', { cookie: alice }), params)).json()) as { draft: { code: string } };
    expect(aliceDraft.draft.code).toBe('// alice draft');
    const bobDraft = (await (await GET(apiRequest('/api/drafts/sigmoid-prime', { cookie: bob }), params)).json()) as { draft: unknown };
    expect(bobDraft.draft).toBeNull();
  });
});

describe('check', () => {
  it('runs the example checks only and records nothing', async () => {
    const { getDb } = await import('../../lib/db');
    const before = (await (await getDb()).selectFrom('submission').select('id').execute()).length;
    const { POST } = await import('../../app/api/check/route');
    const res = await POST(apiRequest('/api/check', { method: 'POST', cookie: alice, body: { exerciseId: 'sigmoid-prime', code: solution }, origin: ORIGIN }));
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: { mode: string; status: string; checks: { visibility: string }[] } };
    expect(result.mode).toBe('check');
    expect(result.status).toBe('passed');
    expect(result.checks.every((c) => c.visibility === 'example')).toBe(true);
    const after = (await (await getDb()).selectFrom('submission').select('id').execute()).length;
    expect(after).toBe(before);
  });
});

describe('progress', () => {
  it('is the best score and the number of attempts per exercise', async () => {
    const { getProgress } = await import('../../lib/site/submissions');
    const viewer = await viewerFor(alice);
    const progress = await getProgress(viewer);
    expect(progress['sigmoid-prime']).toEqual({ bestScore: 1, attempts: 3 });
  });
});
