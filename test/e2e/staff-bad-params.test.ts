import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it, beforeAll } from 'vitest';
import { signUpCookies } from './student';

/**
 * Every course staff page, asked with missing, malformed and unknown parameters on the production
 * server, answers a page (200, the page with a picker or its defaults) or 404 — never 500. The
 * list of pages is read from app/staff, so a new page without a case here fails the test.
 */

const baseURL = inject('baseURL');
const artifacts = inject('artifacts');
const joinCode = inject('joinCode');

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** app/staff/**\/page.tsx as route patterns: /staff, /staff/gradebook, /staff/preview/[id], … */
function staffRoutes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === 'page.tsx') out.push(`/${path.relative('app', dir).split(path.sep).join('/')}`);
    }
  };
  walk(path.join('app', 'staff'));
  return out.sort();
}

const LONG = 'x'.repeat(5000);
const QUIZ = 'activation-functions-quiz';

/** [route pattern, url, statuses allowed]. `{student}` is replaced by a real student's id. */
const CASES: [string, string, number[]][] = [
  ['/staff', '/staff?x=1', [200]],
  ['/staff/gradebook', '/staff/gradebook', [200]],
  ['/staff/gradebook', '/staff/gradebook?section=9.9', [200]],
  ['/staff/gradebook', '/staff/gradebook?sort=bogus', [200]],
  ['/staff/gradebook', '/staff/gradebook?section=4.1&section=9.9&sort=&late=maybe&unfinished=yes', [200]],
  ['/staff/gradebook', `/staff/gradebook?student=${LONG}`, [200]],
  ['/staff/gradebook', '/staff/gradebook?section=%00%ff&sort=%E2%80%AE', [200]],
  ['/staff/review', '/staff/review', [200]],
  ['/staff/review', '/staff/review?student=', [200]],
  ['/staff/review', '/staff/review?student={student}', [200]],
  ['/staff/review', '/staff/review?exercise=sigmoid-prime', [200]],
  ['/staff/review', '/staff/review?student=nobody&exercise=sigmoid-prime', [404]],
  ['/staff/review', '/staff/review?student={student}&exercise=no-such-exercise', [404]],
  ['/staff/review', `/staff/review?student={student}&exercise=${QUIZ}`, [404]],
  ['/staff/review', `/staff/review?student=${LONG}&exercise=${LONG}`, [404]],
  ['/staff/review', '/staff/review?student={student}&exercise=sigmoid-prime&a=bogus&b=', [200]],
  ['/staff/review', '/staff/review?student=pending%3Aa%40example.com&exercise=sigmoid-prime', [404]],
  ['/staff/regrade', '/staff/regrade?run=bogus&exercise=nope', [200]],
  ['/staff/roster', '/staff/roster?page=-1', [200]],
  ['/staff/deadlines', '/staff/deadlines?target=bogus', [200]],
  ['/staff/audit', '/staff/audit?student=nobody&exercise=nope', [200]],
  ['/staff/accounts', '/staff/accounts?role=bogus', [200]],
  ['/staff/authoring', '/staff/authoring?validate=no-such-item', [200]],
  ['/staff/preview/[id]', '/staff/preview/no-such-exercise', [404]],
  ['/staff/preview/[id]', `/staff/preview/${QUIZ}`, [404]],
  ['/staff/preview/[id]', `/staff/preview/${LONG}`, [404]],
  ['/staff/preview/[id]', '/staff/preview/%E2%80%AE%00', [404, 400]],
  ['/staff/preview/quiz/[id]', '/staff/preview/quiz/no-such-quiz', [404]],
  ['/staff/preview/quiz/[id]', '/staff/preview/quiz/sigmoid-prime', [404]],
  ['/staff/preview/quiz/[id]', `/staff/preview/quiz/${QUIZ}?seeds=`, [200]],
  ['/staff/preview/quiz/[id]', `/staff/preview/quiz/${QUIZ}?seeds=a&seeds=b`, [200]],
  ['/staff/preview/quiz/[id]', `/staff/preview/quiz/${QUIZ}?seeds=${LONG.slice(0, 1500)}`, [200]],
  ['/staff/review', `/staff/review?student={student}&quiz=${QUIZ}`, [200]],
  ['/staff/review', '/staff/review?student={student}&quiz=no-such-quiz', [404]],
  ['/staff/assignments', '/staff/assignments?assignment=bogus', [200]],
  ['/staff/offerings', '/staff/offerings?offering=bogus', [200]],
  ['/staff/lti', '/staff/lti?platform=bogus', [200]],
  ['/staff/quizzes', '/staff/quizzes?sort=bogus', [200]],
  ['/staff/quizzes/[id]', `/staff/quizzes/${QUIZ}?seeds=&x=1`, [200]],
  ['/staff/quizzes/[id]', '/staff/quizzes/no-such-quiz', [404]],
  ['/staff/quizzes/[id]', '/staff/quizzes/sigmoid-prime', [404]],
  ['/staff/regrade/[id]', '/staff/regrade/no-such-run', [404]],
  ['/staff/regrade/[id]', '/staff/regrade/00000000-0000-7000-8000-000000000000', [404]],
];

describe.skipIf(!baseURL)('staff pages with bad or missing parameters', () => {
  let instructor: string;
  let student: string;
  let studentId: string;

  beforeAll(async () => {
    const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseURL, 'x-forwarded-for': '10.77.0.1' },
      body: JSON.stringify({ email: 'instructor@deltalab.local', password: demoInstructorPassword() }),
    });
    expect(res.status).toBe(200);
    instructor = cookieHeader(res);
    student = (await signUpCookies(baseURL, joinCode, 'Param Student')).map((c) => `${c.name}=${c.value}`).join('; ');
    const session = await fetch(`${baseURL}/api/auth/get-session`, { headers: { cookie: student } });
    studentId = ((await session.json()) as { user: { id: string } }).user.id;
  });

  it('has a case for every page under app/staff', () => {
    const covered = new Set(CASES.map(([route]) => route));
    expect(staffRoutes().filter((r) => !covered.has(r))).toEqual([]);
  });

  it('answers each with a page or a 404, never a 500', async () => {
    const answers: string[] = [];
    for (const [, url, allowed] of CASES) {
      const res = await fetch(`${baseURL}${url.replace('{student}', encodeURIComponent(studentId))}`, { headers: { cookie: instructor }, redirect: 'manual' });
      // /staff redirects to the gradebook; follow it once so its answer is checked too.
      const final = res.status === 307 || res.status === 308 ? await fetch(new URL(res.headers.get('location')!, baseURL), { headers: { cookie: instructor } }) : res;
      await final.text();
      answers.push(`${final.status} ${url.slice(0, 120)}`);
      expect.soft(allowed, `${url.slice(0, 120)} answered ${final.status}`).toContain(final.status);
    }
    expect(answers.filter((a) => a.startsWith('5'))).toEqual([]);
  });

  it('keeps students and visitors out without a 500', async () => {
    for (const [, url] of CASES.slice(0, 12)) {
      for (const cookie of [student, '']) {
        const res = await fetch(`${baseURL}${url.replace('{student}', 'x')}`, { headers: { cookie }, redirect: 'manual' });
        expect(res.status, url).toBeLessThan(500);
      }
    }
  });

  it('the CSV export refuses bad filters with 400', async () => {
    for (const q of ['section=9.9', 'sort=bogus']) {
      const res = await fetch(`${baseURL}/api/staff/export/gradebook?${q}`, { headers: { cookie: instructor } });
      expect(res.status).toBe(400);
    }
    expect((await fetch(`${baseURL}/api/staff/regrade/no-such-run`, { headers: { cookie: instructor } })).status).toBe(404);
  });
});
