import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORIGIN, signUpStudent, startSite, useTempSiteEnv } from './site-helpers';
import { accountWithRole, apiRequest, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

// Server actions read the request's headers through next/headers; here they are the test's.
let requestHeaders = new Headers();
vi.mock('next/headers', () => ({
  headers: async () => requestHeaders,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

/**
 * Only course staff and instructors reach the staff pages, their APIs and their server actions; a
 * student gets 403 from every one, an anonymous visitor 401 (or the sign-in page). Instructor-only
 * tools refuse staff as well.
 */

const env = useTempSiteEnv();
let student: string;
let staff: string;
let instructor: string;
let studentId: string;

beforeAll(async () => {
  await startSite();
  student = await signUpStudent('sam@example.com');
  staff = await accountWithRole('ta@example.com', 'staff');
  instructor = await accountWithRole('prof@example.com', 'instructor');
  studentId = (await viewerOf(student)).id;
  // The proxy reads the session through the site's own auth endpoint: route that to the real handler.
  const { getAuth } = await import('../../lib/auth/auth');
  const auth = await getAuth();
  vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => auth.handler(new Request(input, init)));
});

afterAll(async () => {
  vi.unstubAllGlobals();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

const STAFF_PAGES = ['/staff', '/staff/gradebook', '/staff/review?student=x&exercise=sigmoid-prime', '/staff/regrade', '/staff/roster', '/staff/deadlines', '/staff/audit'];
const INSTRUCTOR_PAGES = ['/staff/authoring', '/staff/preview/sigmoid-prime', '/staff/accounts'];
const STAFF_APIS = ['/api/staff/export/gradebook', '/api/staff/export/submissions', '/api/staff/regrade', '/api/staff/regrade/00000000-0000-4000-8000-000000000000'];
const INSTRUCTOR_APIS = ['/api/staff/try'];

async function throughProxy(url: string, cookie?: string, method = 'GET') {
  const { proxy } = await import('../../proxy');
  const headers = new Headers();
  if (cookie) headers.set('cookie', cookie);
  return proxy(new NextRequest(`${ORIGIN}${url}`, { method, headers }));
}
const passes = (res: Response) => res.headers.get('x-middleware-next') === '1';

describe('the proxy in front of /staff and /api/staff', () => {
  it.each([...STAFF_PAGES, ...INSTRUCTOR_PAGES, ...STAFF_APIS, ...INSTRUCTOR_APIS])('answers a student 403 at %s', async (url) => {
    expect((await throughProxy(url, student)).status).toBe(403);
    expect((await throughProxy(url, student, 'POST')).status).toBe(403);
  });

  it.each([...STAFF_PAGES, ...STAFF_APIS])('lets staff and instructors through at %s', async (url) => {
    expect(passes(await throughProxy(url, staff))).toBe(true);
    expect(passes(await throughProxy(url, instructor))).toBe(true);
  });

  it.each([...INSTRUCTOR_PAGES, ...INSTRUCTOR_APIS])('keeps %s for instructors', async (url) => {
    expect((await throughProxy(url, staff)).status).toBe(403);
    expect(passes(await throughProxy(url, instructor))).toBe(true);
  });

  it('sends an anonymous visitor to sign in, and answers an API 401', async () => {
    const page = await throughProxy('/staff/gradebook');
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toBe(`${ORIGIN}/sign-in?next=%2Fstaff%2Fgradebook`);
    expect((await throughProxy('/api/staff/export/gradebook', 'deltalab.session_token=forged')).status).toBe(401);
  });

  it('never asks a host named by the request for the session', async () => {
    const { proxy } = await import('../../proxy');
    const asked: string[] = [];
    // A forged Host would answer "instructor" to anything; the proxy must not even ask it.
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      asked.push(String(input instanceof Request ? input.url : input));
      return Response.json({ user: { role: 'instructor' } });
    });
    try {
      const res = await proxy(new NextRequest('http://evil.example/staff/gradebook', { headers: { cookie: student } }));
      expect(res.status).toBe(503);
      expect(asked).toEqual([]);
    } finally {
      const { getAuth } = await import('../../lib/auth/auth');
      const auth = await getAuth();
      vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => auth.handler(new Request(input, init)));
    }
  });
});

describe('the route handlers themselves', () => {
  const routes: [string, (cookie?: string) => Promise<Response>][] = [
    ['GET /api/staff/export/gradebook', async (cookie) => (await import('../../app/api/staff/export/gradebook/route')).GET(apiRequest('/api/staff/export/gradebook', { cookie }))],
    ['GET /api/staff/export/submissions', async (cookie) => (await import('../../app/api/staff/export/submissions/route')).GET(apiRequest('/api/staff/export/submissions', { cookie }))],
    ['POST /api/staff/regrade', async (cookie) => (await import('../../app/api/staff/regrade/route')).POST(apiRequest('/api/staff/regrade', { method: 'POST', cookie, body: { exerciseId: 'sigmoid-prime' } }))],
    ['GET /api/staff/regrade', async (cookie) => (await import('../../app/api/staff/regrade/route')).GET(apiRequest('/api/staff/regrade', { cookie }))],
    [
      'GET /api/staff/regrade/[id]',
      async (cookie) => (await import('../../app/api/staff/regrade/[id]/route')).GET(apiRequest('/api/staff/regrade/x', { cookie }), { params: Promise.resolve({ id: '00000000-0000-4000-8000-000000000000' }) }),
    ],
    ['POST /api/staff/try', async (cookie) => (await import('../../app/api/staff/try/route')).POST(apiRequest('/api/staff/try', { method: 'POST', cookie, body: { exerciseId: 'sigmoid-prime', code: '' } }))],
  ];

  it.each(routes)('%s: 403 for a student, 401 for nobody', async (_name, call) => {
    expect((await call(student)).status).toBe(403);
    expect((await call(undefined)).status).toBe(401);
  });

  it('staff may export, but may not try code (instructors only)', async () => {
    expect((await routes[0]![1](staff)).status).toBe(200);
    expect((await routes[5]![1](staff)).status).toBe(403);
  });
});

describe('server actions', () => {
  async function asUser<T>(cookie: string | undefined, action: () => Promise<T>): Promise<T> {
    requestHeaders = new Headers(cookie ? { cookie } : {});
    return action();
  }
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  const actions: [string, (a: typeof import('../../app/staff/actions')) => Promise<{ ok: boolean; status?: number }>][] = [
    ['overrideAction', (a) => a.overrideAction(null, form({ submissionId: '00000000-0000-4000-8000-000000000000', percent: '100', reason: 'because' }))],
    ['setDeadlineAction', (a) => a.setDeadlineAction(null, form({ target: 'section:4.1', opensAt: '2030-01-01T00:00', dueAt: '' }))],
    ['importRosterAction', (a) => a.importRosterAction(null, form({ csv: 'email,name,student_id\nx@example.com,X,1\n' }))],
    ['resetPasswordAction', (a) => a.resetPasswordAction(null, form({ userId: studentId }))],
    ['deactivateAction', (a) => a.deactivateAction(null, form({ userId: studentId }))],
    ['reactivateAction', (a) => a.reactivateAction(null, form({ userId: studentId }))],
    ['startRegradeAction', (a) => a.startRegradeAction(null, form({ exerciseId: 'sigmoid-prime' }))],
  ];

  it.each(actions)('%s refuses a student (403) and nobody (401), and changes nothing', async (_name, call) => {
    const a = await import('../../app/staff/actions');
    expect(await asUser(student, () => call(a))).toMatchObject({ ok: false, status: 403 });
    expect(await asUser(undefined, () => call(a))).toMatchObject({ ok: false, status: 401 });
    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    for (const table of ['score_override', 'item_window', 'roster_entry', 'account_block', 'regrade_run'] as const) {
      expect(await db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
    // The student can still sign in and keeps their session.
    expect((await viewerOf(student)).email).toBe('sam@example.com');
  });

  it('work for staff and instructors', async () => {
    const a = await import('../../app/staff/actions');
    expect(await asUser(staff, () => a.setDeadlineAction(null, form({ target: 'section:4.1', opensAt: '2030-01-01T00:00', dueAt: '' })))).toMatchObject({ ok: true });
    expect(await asUser(instructor, () => a.importRosterAction(null, form({ csv: 'email,name,student_id\nx@example.com,X,1\n' })))).toMatchObject({ ok: true, data: { added: 1 } });
    const { getDb } = await import('../../lib/db');
    const row = await (await getDb()).selectFrom('item_window').selectAll().executeTakeFirstOrThrow();
    expect(Number(row.opens_at)).toBe(Date.UTC(2030, 0, 1));
  });
});

describe('the data functions pages call', () => {
  it('refuse a student with 403', async () => {
    const viewer = await viewerOf(student);
    const calls: (() => Promise<unknown>)[] = [
      () => import('../../lib/staff/gradebook').then((m) => m.getGradebook(viewer, {})),
      () => import('../../lib/staff/gradebook').then((m) => m.exerciseStats(viewer, 'sigmoid-prime', { countLate: true })),
      () => import('../../lib/staff/gradebook').then((m) => m.courseStats(viewer, ['sigmoid-prime'], { countLate: true })),
      () => import('../../lib/staff/review').then((m) => m.reviewSubmissions(viewer, studentId, 'sigmoid-prime')),
      () => import('../../lib/staff/overrides').then((m) => m.overrideAudit(viewer)),
      () => import('../../lib/staff/regrade').then((m) => m.listRegradeRuns(viewer)),
      () => import('../../lib/staff/roster').then((m) => m.listRoster(viewer)),
      () => import('../../lib/staff/deadlines').then((m) => m.listDeadlines(viewer)),
      () => import('../../lib/staff/authoring').then((m) => m.authoringStatus(viewer)),
      () => import('../../lib/staff/preview').then((m) => m.previewExercise(viewer, 'sigmoid-prime', 'en')),
      () => import('../../lib/staff/export').then((m) => m.submissionsCsv(viewer)),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ status: 403 });
  });

  it('let instructors do what staff do, and keep authoring tools from staff', async () => {
    const { getGradebook } = await import('../../lib/staff/gradebook');
    await expect(getGradebook(await viewerOf(instructor), {})).resolves.toBeDefined();
    const { authoringStatus } = await import('../../lib/staff/authoring');
    expect(() => authoringStatus(null)).toThrow();
    await expect(import('../../lib/staff/preview').then(async (m) => m.tryCode(await viewerOf(staff), { exerciseId: 'sigmoid-prime', code: '' }, 'en'))).rejects.toMatchObject({ status: 403 });
  });
});
