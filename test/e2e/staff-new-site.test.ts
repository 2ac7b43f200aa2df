import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { freePort, stop, waitUntilUp } from './global-setup';
import { signUpFrom } from './student';

/**
 * A new site, as its instructor finds it. With no offering to act in (a site whose first offering
 * is gone, an instructor who left every offering), every staff page used to end in an error; here
 * it is a prompt, in both languages, with the way to create the first offering, and creating it
 * works. Then the term is set up: two assignments share the catalogue's 38+ items, a student
 * submits, and the gradebook groups its columns under the assignments with a subtotal each,
 * looked at in en and zh on a laptop and a phone. The shared e2e server always has its first
 * offering (and other files' expectations of it), so this file starts a second server from the
 * same build on a database of its own, and takes the offering away there.
 */

const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');

/** Every staff page that works in an offering (the LTI page aside, which is not this area's). */
const OFFERING_PAGES = [
  '/staff/gradebook',
  '/staff/roster',
  '/staff/deadlines',
  '/staff/assignments',
  '/staff/audit',
  '/staff/quizzes',
  '/staff/quizzes/activation-functions-quiz',
  '/staff/regrade',
  '/staff/regrade/00000000-0000-4000-8000-000000000000',
  '/staff/review',
  '/staff/preview/quiz/activation-functions-quiz',
  '/staff/lti',
];

describe.skipIf(!chromiumPath)('a site instructor with no offering', () => {
  let server: ChildProcess | undefined;
  let dataDir = '';
  let baseURL = '';
  let password = '';
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const require = createRequire(path.join(process.cwd(), 'package.json'));
    const port = await freePort();
    baseURL = `http://localhost:${port}`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-no-offering-'));
    const logPath = path.join(artifacts, 'no-offering-server.log');
    const dbPath = path.join(dataDir, 'site.sqlite');
    server = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '--port', String(port)], {
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', PORT: String(port), BETTER_AUTH_URL: baseURL, DATABASE_PATH: dbPath, DELTALAB_GRADER_POOL_SIZE: '1' },
      stdio: ['ignore', openSync(logPath, 'w'), openSync(logPath, 'a')],
    });
    await waitUntilUp(baseURL, 60_000, server);
    const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(readFileSync(logPath, 'utf8'));
    if (!m) throw new Error('the second server did not print the demo instructor');
    password = m[1]!;
    // The first offering stops being the default, and the instructor leaves it: nothing to act in.
    const db = new Database(dbPath);
    db.prepare("UPDATE offering SET slug = 'gone-' || slug").run();
    db.prepare('UPDATE offering_member SET deactivated_at = ?').run(Date.now());
    db.close();
    browser = await launchChromium(chromiumPath);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stop(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function signedIn(locale: 'en' | 'zh', viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    await context.addCookies([{ name: 'deltalab-locale', value: locale, url: baseURL }]);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${baseURL}/sign-in?next=${encodeURIComponent('/staff/offerings')}`);
    await page.fill('input[name=email]', 'instructor@deltalab.local');
    await page.fill('input[name=password]', password);
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}/staff/offerings`);
    return page;
  }

  for (const { locale, device, viewport, title, link } of [
    { locale: 'en' as const, device: 'laptop', viewport: { width: 1366, height: 768 }, title: 'No offering yet', link: 'Create your first offering' },
    { locale: 'zh' as const, device: 'phone', viewport: { width: 390, height: 844 }, title: '还没有开课', link: '创建第一个开课' },
  ]) {
    it(`every staff page answers with a prompt to create the first offering (${locale}, ${device})`, async () => {
      const page = await signedIn(locale, viewport);
      for (const url of OFFERING_PAGES) {
        const res = await page.goto(`${baseURL}${url}`);
        expect(res?.status(), url).toBe(200);
        await expect(page.locator('[data-testid=no-offering] h1').textContent(), url).resolves.toBe(title);
        await expect(page.locator('[data-testid=no-offering] a').getAttribute('href'), url).resolves.toBe('/staff/offerings#create-offering');
      }
      // The header's switcher offers the site's offerings without showing one as the current.
      await expect(page.locator('.offering-switch select').inputValue()).resolves.toBe('');
      await page.screenshot({ path: path.join(artifacts, `staff-no-offering-${locale}-${device}.png`), fullPage: true });
      await page.getByRole('link', { name: link }).click();
      await page.waitForURL(`${baseURL}/staff/offerings#create-offering`);
      await expect(page.locator('[data-testid=no-offering] h1').textContent()).resolves.toBe(title);
      await expect(page.locator('form:has(input[name=timeZone])').count()).resolves.toBe(1);
      await page.screenshot({ path: path.join(artifacts, `staff-no-offering-create-${locale}-${device}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    });
  }

  it('the instructor creates the first offering from the prompt and the staff pages work in it', async () => {
    const page = await signedIn('en', { width: 1366, height: 768 });
    const form = page.locator('form[aria-label="Create an offering"]');
    await form.locator('input[name=title]').fill('First offering');
    await form.locator('button[type=submit]').click();
    await page.waitForSelector('text=Created First offering');
    await page.goto(`${baseURL}/staff/gradebook`);
    await expect(page.locator('[data-testid=no-offering]').count()).resolves.toBe(0);
    await expect(page.locator('h1').first().textContent()).resolves.toBe('Gradebook');
    expect(pageErrors).toEqual([]);
  });

  it('two assignments share the catalogue, a student submits, and the gradebook groups the columns with subtotals', async () => {
    const page = await signedIn('en', { width: 1366, height: 768 });
    const joinCode = ((await page.textContent('.join-code')) ?? '').trim();
    // A server action answers its POST with a redirect; the page is read again after each.
    const posted = () => page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/staff/assignments'));
    const assignmentsPage = () => page.goto(`${baseURL}/staff/assignments`);
    const newForm = page.locator('form:has(input[name=title]):not(:has(input[name=assignmentId]))');
    for (const title of ['Homework 1', 'Homework 2: the rest']) {
      await assignmentsPage();
      await newForm.locator('input[name=title]').fill(title);
      await Promise.all([posted(), newForm.locator('button[type=submit]').click()]);
    }
    await assignmentsPage();
    await expect(page.locator('article.assignment h2').allTextContents()).resolves.toEqual(['Homework 1', 'Homework 2: the rest']);
    // The first takes the first half of the catalogue, the second the rest.
    const boxes = (n: number) => page.locator('article.assignment').nth(n).locator('input[type=checkbox]');
    const total = await boxes(0).count();
    expect(total).toBeGreaterThanOrEqual(38);
    const half = Math.floor(total / 2);
    for (const [n, from, to] of [
      [0, 0, half],
      [1, half, total],
    ] as const) {
      for (let i = from; i < to; i++) await boxes(n).nth(i).check();
      await Promise.all([posted(), page.locator('article.assignment').nth(n).locator('form:has(table) > button[type=submit]').click()]);
      await assignmentsPage();
      await expect(page.locator('article.assignment').nth(n).locator('input[type=checkbox]:checked').count()).resolves.toBe(to - from);
    }

    const res = await signUpFrom(baseURL, { name: '林小雨', email: 'lin@example.com', password: 'student-pass-42', joinCode });
    expect(res.status, res.text).toBe(200);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const code = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
    const sub = await fetch(`${baseURL}/api/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', origin: baseURL, cookie }, body: JSON.stringify({ exerciseId: 'sigmoid-prime', code, idempotencyKey: 'new-site-1' }) });
    expect(sub.status).toBeLessThan(300);
    const { submission } = (await sub.json()) as { submission: { id: string; status: string } };
    for (let i = 0, s = submission.status; i < 240 && (s === 'queued' || s === 'grading'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      s = ((await (await fetch(`${baseURL}/api/submissions/${submission.id}`, { headers: { cookie } })).json()) as { submission: { status: string } }).submission.status;
    }

    // Dates too, so the Deadlines page has a rule and an extension to show.
    const local = (ms: number) => new Date(ms).toISOString().slice(0, 16);
    await page.goto(`${baseURL}/staff/deadlines`);
    const rule = '[data-testid=deadline-form]';
    await page.selectOption(`${rule} select[name=target]`, 'exercise:sigmoid-prime');
    await page.fill(`${rule} input[name=dueAt]`, local(Date.now() + 7 * 86_400_000));
    await page.fill(`${rule} input[name=closeAt]`, local(Date.now() + 9 * 86_400_000));
    await page.selectOption(`${rule} select[name=policy]`, 'per-day');
    await page.fill(`${rule} input[name=percent]`, '10');
    await page.click(`${rule} button[type=submit]`);
    await page.waitForSelector(`${rule} .form-ok`);
    const ext = '[data-testid=extension-form]';
    await page.selectOption(`${ext} select[name=target]`, 'exercise:sigmoid-prime');
    await page.fill(`${ext} textarea[name=students]`, 'lin@example.com');
    await page.fill(`${ext} input[name=dueAt]`, local(Date.now() + 8 * 86_400_000));
    await page.fill(`${ext} input[name=reason]`, 'medical certificate from the university clinic');
    await page.click(`${ext} button[type=submit]`);
    await page.waitForSelector(`${ext} .form-ok`);

    for (const { locale, device, viewport, subtotal } of [
      { locale: 'en' as const, device: 'laptop', viewport: { width: 1366, height: 768 }, subtotal: 'Subtotal' },
      { locale: 'en' as const, device: 'phone', viewport: { width: 390, height: 844 }, subtotal: 'Subtotal' },
      { locale: 'zh' as const, device: 'laptop', viewport: { width: 1366, height: 768 }, subtotal: '小计' },
      { locale: 'zh' as const, device: 'phone', viewport: { width: 390, height: 844 }, subtotal: '小计' },
    ]) {
      const staff = await signedIn(locale, viewport);
      await staff.goto(`${baseURL}/staff/gradebook`);
      const book = staff.locator('[data-testid=gradebook]');
      await expect(book.locator('th.group-head').allTextContents()).resolves.toEqual(['Homework 1', 'Homework 2: the rest']);
      await expect(book.locator('th.subtotal-head').count()).resolves.toBe(2);
      await expect(book.locator('th.subtotal-head').first().textContent()).resolves.toContain(subtotal);
      // Every item keeps its title; the student's row has one cell per item and a subtotal per assignment.
      await expect(book.locator('th.item-head .item-title').count()).resolves.toBe(total);
      const row = book.locator('tr[data-student="lin@example.com"]');
      await expect(row.locator('td[data-item]').count()).resolves.toBe(total);
      await expect(row.locator('td.subtotal').count()).resolves.toBe(2);
      const sigmoidGroup = (await row.locator('td[data-item="exercise:sigmoid-prime"] ~ td.subtotal').first().getAttribute('data-subtotal'))!;
      await expect(row.locator(`td[data-subtotal="${sigmoidGroup}"]`).textContent()).resolves.not.toMatch(/^0(\.0)?%/);
      // The student column stays in view when the table scrolls sideways.
      await staff.locator('.gradebook-scroll').evaluate((el) => el.scrollTo({ left: 2000 }));
      const box = await row.locator('th.sticky-col').boundingBox();
      const region = await staff.locator('.gradebook-scroll').boundingBox();
      expect(Math.abs(box!.x - region!.x)).toBeLessThan(2);
      await staff.locator('.gradebook-scroll').evaluate((el) => el.scrollTo({ left: 0 }));
      // Where one assignment ends and the next begins: its subtotal, then the next group's title.
      await book.locator('th.subtotal-head').first().scrollIntoViewIfNeeded();
      await staff.screenshot({ path: path.join(artifacts, `staff-gradebook-subtotal-${locale}-${device}.png`) });
      await staff.locator('.gradebook-scroll').evaluate((el) => el.scrollTo({ left: 0 }));
      await staff.screenshot({ path: path.join(artifacts, `staff-gradebook-assignments-${locale}-${device}.png`), fullPage: device === 'phone' });
      expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await staff.goto(`${baseURL}/staff/deadlines`);
      await staff.waitForSelector('text=medical certificate from the university clinic');
      await staff.screenshot({ path: path.join(artifacts, `staff-deadlines-rules-${locale}-${device}.png`), fullPage: true });
      expect(await staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'deadlines fit the screen').toBe(true);
    }
    expect(pageErrors).toEqual([]);
  });
});
