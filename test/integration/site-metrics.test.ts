import { readFileSync } from 'node:fs';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { ORIGIN, signUpStudent, startSite, TEST_DB, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/** /api/health and /api/metrics through their real route handlers, on either database. */
const env = useTempSiteEnv();
const TOKEN = 'metrics-token-0123456789';
process.env.METRICS_TOKEN = TOKEN;
const solution = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
const starter = readFileSync('exercises/4.1-neurons/sigmoid-prime/starter.ts', 'utf8');
let pool: GraderPool;
let student: string;
let instructor: string;

beforeAll(async () => {
  pool = createPool({ size: 1 });
  const { setGradingPool } = await import('../../lib/site/grading');
  setGradingPool(pool);
  await startSite();
  student = await signUpStudent('metrics-student@example.com');
  instructor = await signUpStudent('metrics-instructor@example.com');
  const { getDb } = await import('../../lib/db');
  await (await getDb()).updateTable('user').set({ role: 'instructor' }).where('id', '=', (await viewerFor(instructor))!.id).execute();
  await pool.ready();
  const { POST } = await import('../../app/api/submissions/route');
  for (const [i, code] of [solution, starter].entries()) {
    const res = await POST(
      new NextRequest(`${ORIGIN}/api/submissions`, {
        method: 'POST',
        headers: { cookie: student, 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ exerciseId: 'sigmoid-prime', code, idempotencyKey: `metrics-${i}-xxxx` }),
      }),
    );
    expect(res.status).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await pool?.close();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
  delete process.env.METRICS_TOKEN;
});

async function metrics(headers: Record<string, string> = {}): Promise<Response> {
  const { GET } = await import('../../app/api/metrics/route');
  return GET(new NextRequest(`${ORIGIN}/api/metrics`, { headers }));
}

describe('health', () => {
  it('reports the database (and on PostgreSQL the live workers)', async () => {
    const { GET } = await import('../../app/api/health/route');
    const res = await GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    if (TEST_DB === 'postgres') expect(body).toEqual({ ok: true, database: 'postgres', databaseReachable: true, workers: 1 });
    else expect(body).toEqual({ ok: true, database: 'sqlite', databaseReachable: true });
  });
});

describe('metrics', () => {
  it('are refused to anonymous callers, students and wrong tokens', async () => {
    expect((await metrics()).status).toBe(401);
    expect((await metrics({ cookie: student })).status).toBe(403);
    expect((await metrics({ authorization: 'Bearer not-the-token-at-all' })).status).toBe(401);
    expect((await metrics({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
  });

  it('are served to course staff and to the token, in Prometheus text format', async () => {
    const byStaff = await metrics({ cookie: instructor });
    expect(byStaff.status).toBe(200);
    const res = await metrics({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0.0.4/);
    const text = await res.text();
    expect(text).toContain('# TYPE deltalab_submissions_total counter');
    expect(text).toContain('deltalab_submissions_total{status="passed"} 1');
    expect(text).toContain('deltalab_submissions_total{status="failed"} 1');
    expect(text).toContain('deltalab_submissions_total{status="grading_failed"} 0');
    expect(text).toContain('deltalab_grading_queue_depth{state="queued"} 0');
    expect(text).toContain('# TYPE deltalab_grading_latency_seconds histogram');
    expect(text).toContain('deltalab_grading_latency_seconds_bucket{le="+Inf"} 2');
    expect(text).toContain('deltalab_grading_latency_seconds_count 2');
    expect(text).toMatch(/deltalab_grading_latency_quantile_seconds\{quantile="0.5"\} \d/);
    // Every sample line is `name{labels} number`.
    for (const line of text.trim().split('\n').filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[0-9.e+-]+$/);
    if (TEST_DB === 'postgres') {
      expect(text).toContain('deltalab_workers 1');
      expect(text).toContain('deltalab_queue_jobs{queue="grade",state="completed"} 2');
    }
  });
});
