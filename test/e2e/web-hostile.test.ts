import http from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

/**
 * The web findings of the security review (issue 11, F3–F7), tried as an attacker would, over
 * HTTP against the production build (`next start`, as test/e2e/global-setup.ts serves it), and in
 * Chromium for the redirect. Clients connect from distinct loopback addresses (127.0.0.x), so the
 * server sees distinct socket addresses, as it would see distinct machines.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const base = baseURL ? new URL(baseURL) : null;
const MB = 1024 * 1024;
const PASSWORD = 'correct-horse-42';

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; sentBeforeResponse: number };

/**
 * One request from `from`. A `streamBytes` body is written in 64 kB chunks as fast as the server
 * takes them, and stops as soon as the response arrives: `sentBeforeResponse` says how much of it
 * the server had taken by then.
 */
function request(
  method: string,
  path: string,
  opts: { from?: string; headers?: Record<string, string>; body?: string; streamBytes?: number; contentLength?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string | number> = { origin: base!.origin, ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    if (opts.contentLength !== undefined) headers['content-length'] = opts.contentLength;
    const req = http.request({ host: '127.0.0.1', port: Number(base!.port), method, path, localAddress: opts.from ?? '127.0.0.1', headers }, (res) => {
      answered = true;
      const sentBeforeResponse = sent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBeforeResponse });
        req.destroy();
      });
      res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentBeforeResponse }));
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (opts.streamBytes === undefined) {
      req.end(opts.body);
      return;
    }
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const total = opts.streamBytes;
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

const json = (value: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });

function cookieOf(reply: Reply): string {
  return (reply.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('=')).join('; ');
}

async function signUp(email: string, from: string): Promise<string> {
  const reply = await request('POST', '/api/auth/sign-up/email', { from, ...json({ name: email.split('@')[0], email, password: PASSWORD, joinCode }) });
  if (reply.status !== 200) throw new Error(`sign-up of ${email}: ${reply.status} ${reply.body}`);
  return cookieOf(reply);
}

describe.skipIf(!baseURL)('the web side of the security review, against the production build', () => {
  let student: string;

  beforeAll(async () => {
    student = await signUp('hostile-web@example.com', '127.0.0.9');
  });

  describe('F3: sign-in and sign-up redirect only to this site', () => {
    const attacks = ['/%09/evil.example', '/%0a/evil.example', '/%0d/evil.example', '//evil.example', '/%5Cevil.example', '/%2509/evil.example', 'https://evil.example/'];

    it('anonymous: every attack is a normal page (no 500) whose form goes back to /', async () => {
      for (const page of ['/sign-in', '/sign-up']) {
        for (const next of attacks) {
          const reply = await request('GET', `${page}?next=${next}`, { from: '127.0.0.9' });
          expect(reply.status, `${page}?next=${next}`).toBe(200);
          // The page echoes its own URL in its data, but no link, form or redirect target names the host.
          expect(reply.body, `${page}?next=${next}`).not.toMatch(/(href|action|location)=["'][^"']*evil\.example/i);
          expect(reply.body, `${page}?next=${next}`).toContain('\\"next\\":\\"/\\"');
        }
      }
    });

    it('signed in: the redirect stays on this site', async () => {
      for (const next of attacks) {
        const reply = await request('GET', `/sign-in?next=${next}`, { from: '127.0.0.9', headers: { cookie: student } });
        expect([303, 307, 308], next).toContain(reply.status);
        expect(new URL(String(reply.headers.location), base!).origin, next).toBe(base!.origin);
      }
      const fine = await request('GET', '/sign-in?next=/quizzes/feedforward-quiz', { from: '127.0.0.9', headers: { cookie: student } });
      expect(fine.headers.location).toBe('/quizzes/feedforward-quiz');
    });

    describe.skipIf(!chromiumPath)('in Chromium', () => {
      let browser: Browser;
      beforeAll(async () => {
        browser = await launchChromium(chromiumPath);
      });
      afterAll(async () => {
        await browser?.close();
      });

      it('the sign-in form, then a visit while signed in, both land on this site', async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const leaving: string[] = [];
        page.on('request', (r) => {
          if (new URL(r.url()).origin !== base!.origin) leaving.push(r.url());
        });
        await page.goto(`${baseURL}/sign-in?next=/%09/evil.example`);
        await page.locator('input[name="email"]').fill('hostile-web@example.com');
        await page.locator('input[name="password"]').fill(PASSWORD);
        await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), page.locator('form.auth-form button.primary').click()]);
        expect(new URL(page.url()).origin).toBe(base!.origin);
        await page.goto(`${baseURL}/sign-in?next=/%0a/evil.example`);
        expect(new URL(page.url()).origin).toBe(base!.origin);
        expect(leaving).toEqual([]);
        await context.close();
      });
    });
  });

  describe('F4: the sign-in limit keys on the socket address', () => {
    it('rotating X-Forwarded-For after the lockout gets nowhere; the victim still signs in', async () => {
      await signUp('victim-web@example.com', '127.0.0.8');
      const statuses: number[] = [];
      // DELTALAB_SIGNIN_LIMIT is 20 a minute by default; then 15 more, each with a new header.
      for (let i = 0; i < 35; i++) {
        const reply = await request('POST', '/api/auth/sign-in/email', {
          from: '127.0.0.2',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': i % 2 ? `10.66.${i}.1` : `127.0.0.3, 10.66.${i}.2` },
          body: JSON.stringify({ email: 'victim-web@example.com', password: `wrong-guess-${i}` }),
        });
        statuses.push(reply.status);
      }
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(20);
      expect(statuses.slice(20)).toEqual(Array(15).fill(429));
      const victim = await request('POST', '/api/auth/sign-in/email', { from: '127.0.0.3', ...json({ email: 'victim-web@example.com', password: PASSWORD }) });
      expect(victim.status).toBe(200);
    });
  });

  describe('F5: bodies are read only after the session, and only so much', () => {
    it('answers an anonymous 200 MB POST with 401 before taking the body', async () => {
      for (const path of ['/api/check', '/api/submissions', '/api/drafts/sigmoid-prime']) {
        const started = performance.now();
        const reply = await request(path.startsWith('/api/drafts') ? 'PUT' : 'POST', path, { from: '127.0.0.4', headers: { 'content-type': 'application/json' }, streamBytes: 200 * MB });
        const ms = performance.now() - started;
        expect(reply.status, path).toBe(401);
        expect(reply.sentBeforeResponse, path).toBeLessThan(200 * MB);
        console.log(`[F5] anonymous 200 MB POST ${path}: ${reply.status} after ${ms.toFixed(0)} ms, ${(reply.sentBeforeResponse / MB).toFixed(1)} MB taken by then`);
      }
    });

    it('answers an oversized body of a signed-in student with 413 (declared or streamed)', async () => {
      const declared = await request('POST', '/api/check', { from: '127.0.0.9', headers: { 'content-type': 'application/json', cookie: student }, streamBytes: 50 * MB, contentLength: 50 * MB });
      expect(declared.status).toBe(413);
      expect(declared.sentBeforeResponse).toBeLessThan(50 * MB);
      const streamed = await request('POST', '/api/check', { from: '127.0.0.9', headers: { 'content-type': 'application/json', cookie: student, 'transfer-encoding': 'chunked' }, streamBytes: 50 * MB });
      expect(streamed.status).toBe(413);
      expect(streamed.sentBeforeResponse).toBeLessThan(50 * MB);
    });
  });

  describe('F6: stored code and per-student rates', () => {
    it('refuses 65 kB of code with 413 and a sentence in the student’s language, stores nothing', async () => {
      const code = `export function sigmoidPrime(x: number): number { return 0; }\n// ${'x'.repeat(65 * 1024)}`;
      const reply = await request('POST', '/api/submissions', { from: '127.0.0.9', headers: { 'content-type': 'application/json', cookie: `${student}; deltalab-locale=zh` }, body: JSON.stringify({ exerciseId: 'sigmoid-prime', code, idempotencyKey: 'web-hostile-big-1' }) });
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body).error).toContain('本题上限为 64 kB');
    });

    it('refuses the 11th submission within a minute with 429 and Retry-After', async () => {
      const statuses: number[] = [];
      let last: Reply | undefined;
      for (let i = 0; i < 11; i++) {
        last = await request('POST', '/api/submissions', {
          from: '127.0.0.9',
          headers: { 'content-type': 'application/json', cookie: student },
          body: JSON.stringify({ exerciseId: 'sigmoid-prime', code: 'export function sigmoidPrime(x: number): number { return x; }', idempotencyKey: `web-hostile-rate-${i}` }),
        });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 200 || s === 202)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(last!.body).error).toMatch(/You submitted 10 times in the last minute/);
    });
  });

  describe('F7: account fields are length-limited', () => {
    it('refuses a 200 000-character name at sign-up (413) and a 101-character one (NAME_TOO_LONG)', async () => {
      const huge = await request('POST', '/api/auth/sign-up/email', { from: '127.0.0.5', ...json({ name: 'x'.repeat(200_000), email: 'huge-name@example.com', password: PASSWORD, joinCode }) });
      expect(huge.status).toBe(413);
      const long = await request('POST', '/api/auth/sign-up/email', { from: '127.0.0.5', ...json({ name: 'x'.repeat(101), email: 'long-name@example.com', password: PASSWORD, joinCode }) });
      expect(long.status).toBe(400);
      expect(JSON.parse(long.body).code).toBe('NAME_TOO_LONG');
    });

    it('refuses 5 000 000 characters through update-user; the name is unchanged', async () => {
      const reply = await request('POST', '/api/auth/update-user', { from: '127.0.0.9', headers: { 'content-type': 'application/json', cookie: student }, body: JSON.stringify({ name: 'y'.repeat(5_000_000) }) });
      expect(reply.status).toBe(413);
      const session = await request('GET', '/api/auth/get-session', { from: '127.0.0.9', headers: { cookie: student } });
      expect(JSON.parse(session.body).user.name).toBe('hostile-web');
    });
  });
});
