import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

/**
 * Accounts in a real browser against the production build: the demo instructor imports a roster
 * with accounts and downloads the temporary passwords (the file's bytes are read back); a student
 * signs in with hers, is held at the change-password page (an exercise page sends her back there),
 * is refused a common password in English and Chinese, chooses her own, and can then open an
 * exercise. Screenshots of the page in both languages, on a laptop and a phone, go to
 * test-results/e2e/account-password-*.png.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

describe.skipIf(!chromiumPath)('accounts people manage themselves, in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const temp = new Map<string, string>();

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${baseURL}/sign-in`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('form.auth-form button[type=submit]');
  }

  async function setLanguage(page: Page, locale: 'en' | 'zh') {
    await page.click(`.lang-switch button[value=${locale}]`);
    await page.waitForFunction((l) => document.documentElement.lang === (l === 'zh' ? 'zh-Hans' : 'en'), locale);
  }

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  it('an instructor imports a roster with accounts and downloads the temporary passwords as a CSV Excel reads', async () => {
    const page = await newPage({ width: 1400, height: 950 });
    await signIn(page, 'instructor@deltalab.local', demoInstructorPassword());
    await page.waitForURL(`${baseURL}/`);
    await page.goto(`${baseURL}/staff/roster`);
    await page.fill('textarea[name=csv]', 'email,name,student_id\nwang-e2e@example.com,王小明,2027101\nzhao-e2e@example.com,赵丽,2027102\n');
    await page.check('input[name=createAccounts]');
    await page.click('form.override-form button[type=submit]');
    await page.waitForSelector('[data-testid=download-passwords]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-passwords]')]);
    expect(download.suggestedFilename()).toBe('temporary-passwords.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { fatal: true }).decode(bytes).trim().split('\r\n');
    expect(lines[0]).toBe('email,name,student_id,temporary_password');
    for (const line of lines.slice(1)) {
      const [email, name, , password] = line.split(',');
      temp.set(email!, password!);
      expect(['王小明', '赵丽']).toContain(name);
    }
    expect(temp.size).toBe(2);
  });

  it('a student signs in with the temporary password, is held at the change-password page until she chooses her own, then opens an exercise', async () => {
    const page = await newPage({ width: 1366, height: 860 });
    await signIn(page, 'wang-e2e@example.com', temp.get('wang-e2e@example.com')!);
    await page.waitForURL(`${baseURL}/account/password`);
    await page.waitForSelector('[data-testid=must-change]');
    // Nothing else first: the exercise page and the staff pages send her back.
    await page.goto(`${baseURL}/exercises/error-term`);
    await page.waitForURL(`${baseURL}/account/password`);
    const api = await page.evaluate(async () => (await fetch('/api/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exerciseId: 'error-term', code: 'x', idempotencyKey: 'e2e-acc-1' }) })).status);
    expect(api).toBe(401);
    await page.screenshot({ path: path.join(artifacts, 'account-password-en-1366.png'), fullPage: true });

    // A common password is refused with a clear reason, in each language.
    await page.fill('input[name=currentPassword]', temp.get('wang-e2e@example.com')!);
    await page.fill('input[name=newPassword]', 'password');
    await page.fill('input[name=confirmPassword]', 'password');
    await page.click('form.auth-form button[type=submit]');
    await page.waitForSelector('form.auth-form .form-error:not(:empty)');
    await expect(page.locator('form.auth-form .form-error').textContent()).resolves.toContain('too common');
    await setLanguage(page, 'zh');
    // A fresh page, so the refusal below is the answer to this attempt and not the last one's.
    await page.goto(`${baseURL}/account/password`);
    await expect(page.locator('h1').textContent()).resolves.toBe('修改密码');
    await expect(page.locator('form.auth-form .form-error').textContent()).resolves.toBe('');
    await page.fill('input[name=currentPassword]', temp.get('wang-e2e@example.com')!);
    await page.fill('input[name=newPassword]', '12345678');
    await page.fill('input[name=confirmPassword]', '12345678');
    await page.click('form.auth-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('form.auth-form .form-error')?.textContent?.includes('太常见'));
    await page.screenshot({ path: path.join(artifacts, 'account-password-zh-1366.png'), fullPage: true });

    await page.fill('input[name=currentPassword]', temp.get('wang-e2e@example.com')!);
    await page.fill('input[name=newPassword]', 'lotus-bridge-64');
    await page.fill('input[name=confirmPassword]', 'lotus-bridge-64');
    await page.click('form.auth-form button[type=submit]');
    await page.waitForSelector('[data-testid=password-changed]');
    await page.goto(`${baseURL}/exercises/error-term`);
    expect(page.url()).toBe(`${baseURL}/exercises/error-term`);
    await page.waitForSelector('h1#exercise-title');
    // Still signed in (the change gave her a new session), and the API now answers her.
    await expect(page.locator('.site-header .who').textContent()).resolves.toContain('王小明');
    const draft = await page.evaluate(async () => (await fetch('/api/drafts/error-term')).status);
    expect(draft).toBe(200);
  });

  it('the change-password page on a phone, in both languages', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, 'zhao-e2e@example.com', temp.get('zhao-e2e@example.com')!);
    await page.waitForURL(`${baseURL}/account/password`);
    for (const locale of ['en', 'zh'] as const) {
      await setLanguage(page, locale);
      await page.waitForSelector('[data-testid=must-change]');
      // Nothing runs off the side of a phone screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: path.join(artifacts, `account-password-${locale}-390.png`), fullPage: true });
    }
  });

  it('the sign-in page sends a forgotten password to the course staff (no e-mail server here)', async () => {
    const page = await newPage({ width: 1366, height: 860 });
    await page.goto(`${baseURL}/sign-in`);
    await page.click('a[href="/forgot-password"]');
    await page.waitForURL(`${baseURL}/forgot-password`);
    await expect(page.locator('[data-testid=ask-staff]').textContent()).resolves.toContain('course staff');
    expect(pageErrors).toEqual([]);
  });
});
