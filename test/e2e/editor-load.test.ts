import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { monacoText, RIGHT, STARTER_LINE, signUpCookies, studentContext, waitForMonaco } from './student';

/**
 * The editor as it loads: the code is readable and editable before Monaco arrives, Monaco takes
 * over in the middle of typing without losing a keystroke, Check and Submit grade only code on
 * screen, and an editor that fails or stalls says so (in English and Chinese) with a Retry that
 * works — the student can keep working meanwhile.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');

const TEXT = { en: { failed: 'did not load', retry: 'Retry', submit: /^Submit/ }, zh: { failed: '没有加载成功', retry: '重试', submit: /^提交/ } } as const;

describe.skipIf(!chromiumPath)('loading the editor', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function studentPage(locale: 'en' | 'zh'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    await studentContext(context, baseURL, joinCode, locale);
    return context.newPage();
  }

  const isMonaco = (page: Page) => page.evaluate(() => document.querySelector('.editor-frame')?.getAttribute('data-editor') === 'monaco');
  const hydrated = (page: Page) => page.waitForSelector('.editor-panel .actions button.primary:not([disabled])');

  it('serves the code in an editable field, with Check and Submit disabled until a script makes them grade what is on screen', async () => {
    const cookies = await signUpCookies(baseURL, joinCode);
    const html = await (await fetch(`${baseURL}/exercises/error-term`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
    const textarea = /<textarea[^>]*class="code-plain"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
    expect(textarea?.[0]).not.toMatch(/readonly|disabled/);
    expect(textarea?.[1]).toContain('export function errorTerm');
    const buttons = [...html.matchAll(/<button[^>]*aria-keyshortcuts="[^"]*"[^>]*>/g)].map((m) => m[0]);
    expect(buttons).toHaveLength(2);
    for (const b of buttons) expect(b).toMatch(/disabled=""/);
  });

  it('keeps what was typed before the scripts ran (hydration does not reset the field)', async () => {
    const page = await studentPage('en');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/_next/static/chunks/*.js', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(`${baseURL}/exercises/error-term`, { waitUntil: 'domcontentloaded' });
    await page.locator('textarea.code-plain').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('// typed before hydration 4417', { delay: 5 });
    expect(await page.locator('.actions button.primary').isDisabled()).toBe(true);
    release();
    await hydrated(page);
    await expect(page.locator('textarea.code-plain').inputValue()).resolves.toContain('before hydration 4417');
    await waitForMonaco(page);
    await expect(monacoText(page)).resolves.toContain('before hydration 4417');
    await page.waitForSelector('[data-testid=draft-state][data-state=saved]');
  });

  it('Monaco takes over while the student is typing, without losing a keystroke, and keeps the focus', async () => {
    const page = await studentPage('en');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await page.route('**/monaco/vs/editor/editor.main.js', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto(`${baseURL}/exercises/error-term`);
    await hydrated(page);
    expect(await isMonaco(page)).toBe(false);
    await page.locator('textarea.code-plain').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    let typed = '// ';
    await page.keyboard.type(typed, { delay: 10 });
    await page.keyboard.type('before', { delay: 10 });
    typed += 'before';
    release();
    // Keep typing until Monaco has taken over, then a little more.
    while (!(await isMonaco(page))) {
      await page.keyboard.type('ab', { delay: 10 });
      typed += 'ab';
    }
    await page.keyboard.type('after', { delay: 10 });
    typed += 'after';
    await waitForMonaco(page);
    const text = await monacoText(page);
    expect(text.trimEnd().endsWith(typed)).toBe(true);
    // The focus went with the text: typing goes on in Monaco.
    expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor') !== null)).toBe(true);
  });

  for (const locale of ['en', 'zh'] as const) {
    it(`${locale}: an editor whose files fail says so with a Retry; the plain editor grades what it shows; Retry brings Monaco`, async () => {
      const page = await studentPage(locale);
      await page.route('**/monaco/vs/loader.js', (route) => route.abort());
      await page.goto(`${baseURL}/exercises/error-term`);
      const failed = page.locator('[data-testid=editor-failed]');
      await failed.waitFor();
      await expect(failed.textContent()).resolves.toContain(TEXT[locale].failed);
      // Still working: the student fixes the code in the plain editor and submits it.
      const ta = page.locator('textarea.code-plain');
      await ta.fill((await ta.inputValue()).replace(STARTER_LINE, RIGHT));
      await page.getByRole('button', { name: TEXT[locale].submit }).click();
      await page.waitForSelector('.feedback-panel .feedback[data-status="passed"]');
      await page.unroute('**/monaco/vs/loader.js');
      await failed.getByRole('button', { name: TEXT[locale].retry }).click();
      await waitForMonaco(page);
      await expect(monacoText(page)).resolves.toContain(RIGHT);
      expect(await failed.count()).toBe(0);
    });
  }

  it('an editor that stalls (a file that never finishes) is reported too, and Retry reloads with the code kept', async () => {
    const page = await studentPage('zh');
    await page.route('**/monaco/vs/editor/editor.main.js', (route) => route.fulfill({ contentType: 'text/javascript', body: '/* never defines its module */' }));
    await page.goto(`${baseURL}/exercises/error-term`);
    await hydrated(page);
    const ta = page.locator('textarea.code-plain');
    await ta.fill((await ta.inputValue()).replace(STARTER_LINE, `${STARTER_LINE} // kept 5521`));
    const failed = page.locator('[data-testid=editor-failed]');
    await failed.waitFor({ timeout: 30_000 });
    await page.unroute('**/monaco/vs/editor/editor.main.js');
    await failed.getByRole('button', { name: TEXT.zh.retry }).click();
    await waitForMonaco(page);
    await expect(monacoText(page)).resolves.toContain('kept 5521');
  });
});
