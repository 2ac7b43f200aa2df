import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { signUpFrom } from './student';

/**
 * Staff pages that had never been looked at on a phone or in Chinese, opened cold (the language
 * cookie in place before the first page load) in en and zh at 1366×768 and 390×844: deadlines,
 * the audit log with filters, a regrade run's changes, and an exercise review with its item
 * override and remove-override forms. Each is saved as a PNG to look at, and none may be wider
 * than the screen (a table scrolls inside its own region instead).
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const SOLUTION = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
const EMAIL = `screens-${randomUUID().slice(0, 8)}@example.com`;

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

describe.skipIf(!chromiumPath)('staff pages cold, in both languages, on a laptop and a phone', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let reviewUrl = '';
  let runUrl = '';

  async function staffPage(locale: 'en' | 'zh', viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    await context.addCookies([{ name: 'deltalab-locale', value: locale, url: baseURL }]);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${baseURL}/sign-in?next=${encodeURIComponent('/staff/gradebook')}`);
    await page.fill('input[name=email]', 'instructor@deltalab.local');
    await page.fill('input[name=password]', demoInstructorPassword());
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}/staff/gradebook`);
    return page;
  }

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    // A student with a graded submission, overridden (so the review shows the remove form).
    const res = await signUpFrom(baseURL, { name: 'Scarlett Screens', email: EMAIL, password: 'student-pass-42', joinCode });
    if (res.status !== 200) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
    const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const sub = await fetch(`${baseURL}/api/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseURL, cookie },
      body: JSON.stringify({ exerciseId: 'sigmoid-prime', code: SOLUTION, idempotencyKey: `screens-${randomUUID().slice(0, 8)}` }),
    });
    if (sub.status >= 300) throw new Error(`submission failed: ${sub.status} ${await sub.text()}`);
    const { submission } = (await sub.json()) as { submission: { id: string; status: string } };
    for (let i = 0, s = submission.status; i < 240 && (s === 'queued' || s === 'grading'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      s = (((await (await fetch(`${baseURL}/api/submissions/${submission.id}`, { headers: { cookie } })).json()) as { submission: { status: string } }).submission).status;
    }

    const page = await staffPage('en', { width: 1366, height: 768 });
    reviewUrl = (await page.getAttribute(`tr[data-student="${EMAIL}"] a[href*="exercise=sigmoid-prime"]`, 'href'))!;
    await page.goto(`${baseURL}${reviewUrl}`);
    await page.click('details:has([data-testid=override-form]) > summary');
    await page.fill('[data-testid=override-form] input[name=percent]', '90');
    await page.fill('[data-testid=override-form] textarea[name=reason]', 'handed in late on paper');
    await page.click('[data-testid=override-form] button[type=submit]');
    await page.waitForSelector('[data-testid=remove-override-form]');

    await page.goto(`${baseURL}/staff/regrade`);
    await page.selectOption('.staff-filters select', 'sigmoid-prime');
    await page.check('[data-testid=dry-run]');
    await page.click('.staff-filters form.staff-actions button[type=submit]');
    await page.waitForSelector('.staff-filters [data-testid=regrade-progress][data-status=done]', { timeout: 120_000 });
    runUrl = (await page.getAttribute('.staff-filters a[href^="/staff/regrade/"]', 'href'))!;
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  const combos = [
    { locale: 'en' as const, device: 'laptop', viewport: { width: 1366, height: 768 } },
    { locale: 'en' as const, device: 'phone', viewport: { width: 390, height: 844 } },
    { locale: 'zh' as const, device: 'laptop', viewport: { width: 1366, height: 768 } },
    { locale: 'zh' as const, device: 'phone', viewport: { width: 390, height: 844 } },
  ];

  for (const { locale, device, viewport } of combos) {
    it(`deadlines, filtered audit, a regrade run and a review fit the screen (${locale}, ${device})`, async () => {
      const page = await staffPage(locale, viewport);
      const pages: [string, string, string][] = [
        ['deadlines', '/staff/deadlines', '[data-testid=deadline-form]'],
        ['audit', `/staff/audit?student=${encodeURIComponent(EMAIL)}&item=sigmoid-prime&from=2020-01-01`, '[data-testid=audit] tr[data-scope]'],
        ['regrade-run', runUrl, '[data-testid=regrade-summary]'],
        ['review', reviewUrl, '[data-testid=remove-override-form]'],
      ];
      for (const [name, url, ready] of pages) {
        await page.goto(`${baseURL}${url}`);
        await page.waitForSelector(ready);
        expect(await page.getAttribute('html', 'lang'), name).toMatch(new RegExp(`^${locale}`));
        if (name === 'review') await page.click('details.item-override > summary');
        await page.screenshot({ path: path.join(artifacts, `staff-${name}-${locale}-${device}.png`), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${name} is wider than the ${device} screen`).toBeLessThanOrEqual(0);
      }
      expect(pageErrors).toEqual([]);
    }, 120_000);
  }
});
