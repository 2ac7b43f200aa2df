import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { monacoText, retypeMonacoLine, RIGHT, STARTER_LINE, signUpCookies, studentContext, waitForMonaco, waitForVerdict } from './student';

/**
 * The editor in Chinese, cold: the interface language is chosen before the very first page load
 * (the language cookie, or the account's saved preference), so Monaco's first load happens in a
 * Chinese page. Monaco comes up (with its own menus in Chinese), the student types and gets
 * feedback, and the same after a reload. On the code before this test, Monaco's loader waited for
 * ever on vs/nls/lang/zh-cn.js and the editor never came up: `waitForMonaco` timed out.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

describe.skipIf(!chromiumPath)('the exercise page opened directly in Chinese', () => {
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function freshPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  async function typeAndGetFeedback(page: Page, button: '检查' | '提交') {
    await waitForMonaco(page);
    await retypeMonacoLine(page, STARTER_LINE, RIGHT);
    await expect(monacoText(page)).resolves.toContain(RIGHT);
    await page.getByRole('button', { name: new RegExp(`^${button}`) }).click();
    await waitForVerdict(page);
    await expect(page.locator('.feedback-panel .feedback').first().getAttribute('data-status')).resolves.toBe('passed');
  }

  it('with the language cookie set before the first load: Monaco loads in Chinese, typing gets feedback, and again after a reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await studentContext(context, baseURL, joinCode, 'zh');
    const page = await freshPage(context);
    await page.goto(`${baseURL}/exercises/error-term`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await typeAndGetFeedback(page, '检查');
    // Monaco's own interface speaks Chinese: its find widget.
    await page.locator('.monaco-editor .view-line').first().click();
    await page.keyboard.press('Control+F');
    await page.waitForSelector('.monaco-editor .find-widget.visible');
    await expect(page.locator('.monaco-editor .find-widget textarea, .monaco-editor .find-widget input').first().getAttribute('aria-label')).resolves.toBe('查找');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(artifacts, 'editor-zh-cold-1366.png') });

    await page.reload();
    await expect(page.locator('#editor-title').textContent()).resolves.toBe('你的代码');
    await waitForMonaco(page);
    await retypeMonacoLine(page, 'return z.map(', RIGHT);
    await page.getByRole('button', { name: /^提交/ }).click();
    await page.waitForSelector('.feedback-panel .feedback[data-status="passed"]');
    await context.close();
  });

  it('with the account set to Chinese (no language cookie in this browser): the first load is Chinese and the editor works', async () => {
    // The preference is saved from one browser…
    const cookies = await signUpCookies(baseURL, joinCode, '学生');
    const setup = await browser.newContext();
    await setup.addCookies(cookies.map((c) => ({ ...c, url: baseURL })));
    const first = await setup.newPage();
    await first.goto(`${baseURL}/`);
    await first.getByRole('button', { name: '中文' }).click();
    await first.waitForSelector('html[lang="zh-Hans"]');
    await setup.close();
    // …and a new browser with only the session (no language cookie) opens the exercise cold.
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await context.addCookies(cookies.filter((c) => c.name !== 'deltalab-locale').map((c) => ({ ...c, url: baseURL })));
    const page = await freshPage(context);
    await page.goto(`${baseURL}/exercises/error-term`);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-Hans');
    await typeAndGetFeedback(page, '提交');
    await page.reload();
    await waitForMonaco(page);
    await expect(monacoText(page)).resolves.toContain(RIGHT);
    await context.close();
  });

  it('no script failed', () => {
    expect(pageErrors).toEqual([]);
  });
});
