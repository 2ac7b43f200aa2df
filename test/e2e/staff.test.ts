import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

/**
 * Course staff in a real browser against the production build. The first start printed the demo
 * instructor's password into the server log (see global-setup.ts); the instructor creates a staff
 * account, a student submits a wrong answer, the staff member finds it from the gradebook,
 * overrides it with a reason and exports the CSV; the student sees the override; the instructor
 * previews an exercise and sees each catalogued mistake's hint fire.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const STAFF = { email: 'ta-e2e@example.com', password: 'staff-pass-2026', name: 'Tess Assistant' };
const STUDENT = { email: 'sid-e2e@example.com', password: 'student-pass-2026', name: 'Sid Student' };
const WRONG = 'export function sigmoidPrime(x: number): number { const s = 1 / (1 + Math.exp(-x)); return s; }';

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

describe.skipIf(!chromiumPath)('course staff in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let instructor: Page;
  let staff: Page;
  let student: Page;
  const pageErrors: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 950 }, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function signIn(page: Page, email: string, password: string, next = '/') {
    await page.goto(`${baseURL}/sign-in?next=${encodeURIComponent(next)}`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}${next}`);
  }

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    instructor = await newPage();
    staff = await newPage();
    student = await newPage();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  it('an instructor creates a staff account', async () => {
    await signIn(instructor, 'instructor@deltalab.local', demoInstructorPassword(), '/staff/accounts');
    await instructor.fill('input[name=name]', STAFF.name);
    await instructor.fill('input[name=email]', STAFF.email);
    await instructor.fill('input[name=password]', STAFF.password);
    await instructor.selectOption('select[name=role]', 'staff');
    await instructor.click('form.auth-form button[type=submit]');
    await instructor.waitForSelector('.form-ok');
  });

  it('a student submits a wrong answer', async () => {
    await student.goto(`${baseURL}/sign-up`);
    await student.fill('input[name=name]', STUDENT.name);
    await student.fill('input[name=email]', STUDENT.email);
    await student.fill('input[name=password]', STUDENT.password);
    await student.fill('input[name=joinCode]', joinCode);
    await student.click('form.auth-form button[type=submit]');
    await student.waitForURL(`${baseURL}/`);
    const status = await student.evaluate(async (code) => {
      const res = await fetch('/api/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exerciseId: 'sigmoid-prime', code, idempotencyKey: 'e2e-staff-wrong-1' }) });
      return ((await res.json()) as { submission: { status: string } }).submission.status;
    }, WRONG);
    expect(status).toBe('failed');
  });

  it('a student is refused the staff pages (403)', async () => {
    const res = await student.goto(`${baseURL}/staff/gradebook`);
    expect(res?.status()).toBe(403);
  });

  it('staff find the failing submission from the gradebook and override it with a reason', async () => {
    await signIn(staff, STAFF.email, STAFF.password, '/staff/gradebook');
    const cell = staff.locator(`tr[data-student="${STUDENT.email}"] td[data-item="exercise:sigmoid-prime"] a`);
    await expect(cell.textContent()).resolves.toMatch(/\d+(\.\d)?%.*1 att/s);
    await cell.click();
    await staff.waitForURL(/\/staff\/review\?/);
    const card = staff.locator('.submission-card[data-status="failed"]').first();
    await expect(card.locator('.feedback .hint').first().textContent()).resolves.toMatch(/σ/);
    await card.locator('summary', { hasText: 'Override the score' }).click();
    await card.locator('input[name=percent]').fill('60');
    await card.locator('textarea[name=reason]').fill('Right idea; the derivative factor was dropped only at the end.');
    await card.getByRole('button', { name: 'Save override' }).click();
    await expect(card.locator('.form-ok').textContent()).resolves.toMatch(/→ 60%/);
    await staff.reload();
    await expect(staff.locator('.submission-card[data-status="failed"] [data-testid=counts]').first().textContent()).resolves.toMatch(/60%.*set by staff/);
    await staff.screenshot({ path: path.join(artifacts, 'staff-review.png'), fullPage: true });
  });

  it('staff export the gradebook as CSV', async () => {
    await staff.goto(`${baseURL}/staff/gradebook`);
    await expect(staff.locator(`tr[data-student="${STUDENT.email}"] td[data-item="exercise:sigmoid-prime"]`).textContent()).resolves.toMatch(/60%/);
    await staff.screenshot({ path: path.join(artifacts, 'staff-gradebook.png') });
    const [download] = await Promise.all([staff.waitForEvent('download'), staff.click('[data-testid=export-gradebook]')]);
    const file = path.join(artifacts, 'gradebook.csv');
    await download.saveAs(file);
    // UTF-8 with a byte order mark, so Excel on Chinese Windows reads the names right.
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = text.slice(1).trimEnd().split('\r\n');
    const columns = header!.split(',');
    expect(columns.slice(0, 6)).toEqual(['student_id', 'email', 'name', 'total_points', 'max_points', 'total_percent']);
    const row = rows.find((r) => r.includes(STUDENT.email))!.split(',');
    expect(row[columns.indexOf('exercise:sigmoid-prime')]).toBe('60');
  });

  it('the student sees the override on their course home', async () => {
    await student.goto(`${baseURL}/`);
    await expect(student.locator('li[data-exercise="sigmoid-prime"] [data-testid=progress]').textContent()).resolves.toMatch(/best 60%.*set by staff/);
  });

  it('the exercise page’s history tags the overridden submission, in en and zh, on a laptop and a phone', async () => {
    for (const [locale, tag] of [['en', 'set by staff'], ['zh', '人工设定']] as const) {
      await student.context().addCookies([{ name: 'deltalab-locale', value: locale, url: baseURL }]);
      for (const [name, viewport] of [['laptop', { width: 1366, height: 768 }], ['phone', { width: 390, height: 844 }]] as const) {
        await student.setViewportSize(viewport);
        await student.goto(`${baseURL}/exercises/sigmoid-prime`);
        // On a phone the history sits under the feedback tab.
        if (name === 'phone') await student.click('[data-tab-button=feedback]');
        const row = student.locator('.history tbody tr').first();
        await row.scrollIntoViewIfNeeded();
        await expect(row.locator('[data-testid=override-tag]').textContent()).resolves.toBe(tag);
        await expect(row.textContent()).resolves.toMatch(/60%/);
        await student.screenshot({ path: path.join(artifacts, `exercise-history-${locale}-${name}.png`) });
      }
    }
    await student.context().addCookies([{ name: 'deltalab-locale', value: 'en', url: baseURL }]);
    await student.setViewportSize({ width: 1400, height: 950 });
  });

  it('an instructor previews an exercise and sees each mistake’s hint fire', async () => {
    await instructor.goto(`${baseURL}/staff/preview/error-term`, { timeout: 60_000 });
    await expect(instructor.locator('[data-testid=preview-solution] .feedback').getAttribute('data-status')).resolves.toBe('passed');
    const mistakes = instructor.locator('section[data-mistake]');
    const n = await mistakes.count();
    expect(n).toBeGreaterThanOrEqual(2);
    for (let i = 0; i < n; i++) {
      const m = mistakes.nth(i);
      await expect(m.getAttribute('data-fires')).resolves.toBe('true');
      // The hint is given once, in the feedback's summary.
      await expect(m.locator('.feedback [data-testid=hint]').count()).resolves.toBeGreaterThan(0);
      // What the mistake changes: its diff against the solution, removed and added lines marked.
      await expect(m.locator('[data-testid=mistake-diff] .diff-del, [data-testid=mistake-diff] .diff-add').count()).resolves.toBeGreaterThan(0);
    }
    await instructor.screenshot({ path: path.join(artifacts, 'staff-preview.png'), fullPage: true });
  });

  it('an instructor sees every exercise and quiz valid on the authoring status page', async () => {
    await instructor.goto(`${baseURL}/staff/authoring`);
    // The page reloads itself while the validation runs in its own process.
    await instructor.waitForSelector('[data-testid=authoring]', { timeout: 170_000 });
    const rows = instructor.locator('[data-testid=authoring] tbody tr');
    expect(await rows.count()).toBeGreaterThan(30);
    expect(await instructor.locator('[data-testid=authoring] tr[data-valid="false"]').count()).toBe(0);
    await expect(instructor.locator('tr[data-item="quiz:backprop-quiz"]').count()).resolves.toBe(1);
    await expect(instructor.locator('tr[data-item="exercise:error-term"] a[href^="/staff/preview/"]').getAttribute('href')).resolves.toBe('/staff/preview/error-term');
  }, 180_000);

  it('no script failed', () => {
    expect(pageErrors).toEqual([]);
  });
});
