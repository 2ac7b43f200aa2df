import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

/**
 * A student's first session, in a real browser against the production build: sign up with the
 * join code, get a wrong answer explained, fix it, see 100% and the progress on the course home,
 * find the draft after a reload — and no request ever leaves for another origin.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

// The starter's body line, and what the student types over it: first forgetting f′(z⁽ˡ⁾), then right.
const STARTER_LINE = 'return z.map(() => 0);';
const WRONG = 'return z.map((_, j) => deltaNext.reduce((s, d, i) => s + Wnext[i][j] * d, 0));';
const RIGHT = 'return z.map((zj, j) => fPrime(zj) * deltaNext.reduce((s, d, i) => s + Wnext[i][j] * d, 0));';

describe.skipIf(!chromiumPath)('a student in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const policyViolations: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    context = await browser.newContext({ viewport: { width: 1400, height: 950 } });
    context.on('request', (r) => requests.push(r.url()));
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A resource the Content-Security-Policy blocked would be a broken feature in production.
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) policyViolations.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Puts the cursor on the line holding `anchor`, selects that line's text and types over it. */
  async function retypeLine(anchor: string, text: string) {
    await page.locator('.monaco-editor .view-line', { hasText: anchor }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.type(text, { delay: 5 });
    await page.keyboard.press('Escape'); // close a completion list, if one is open
    await expect(editorText()).resolves.toContain(text);
  }

  async function editorText(): Promise<string> {
    return page.evaluate(() => (window as unknown as { monaco: { editor: { getModels(): { getValue(): string }[] } } }).monaco.editor.getModels()[0]!.getValue());
  }

  async function waitForVerdict() {
    await page.waitForFunction(() => document.querySelector('.feedback-panel .feedback') !== null && !document.querySelector('.running'));
  }

  it('signs up with the course join code', async () => {
    await page.goto(`${baseURL}/sign-up`);
    await page.fill('input[name=name]', 'Eve Student');
    await page.fill('input[name=email]', 'eve@example.com');
    await page.fill('input[name=password]', 'correct-horse-42');
    await page.fill('input[name=joinCode]', joinCode.toLowerCase());
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}/`);
    await expect(page.locator('.site-nav').textContent()).resolves.toContain('Eve Student');
  });

  it('shows the statement first, then a usable editor; measures what loads before Monaco', async () => {
    // The page's own JavaScript: every script but Monaco's, up to the moment the editor is usable.
    const scripts: string[] = [];
    const onRequest = (r: { url(): string; resourceType(): string }) => {
      if (r.resourceType() === 'script' && !r.url().includes('/monaco/')) scripts.push(r.url());
    };
    page.on('request', onRequest);
    await page.goto(`${baseURL}/exercises/error-term`);
    await expect(page.locator('h1#exercise-title').textContent()).resolves.toContain('error term');
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
    page.off('request', onRequest);
    const timeToEditor = await page.evaluate(() => performance.getEntriesByName('deltalab:editor-ready')[0]?.startTime ?? -1);

    const before = scripts.filter((url) => url.startsWith(baseURL));
    let gzipped = 0;
    for (const url of before) gzipped += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
    const metrics = { jsBeforeEditorGzipKb: Math.round(gzipped / 102.4) / 10, scriptsBeforeEditor: before.length, timeToEditorMs: Math.round(timeToEditor) };
    console.log(`[e2e] exercise page: ${metrics.scriptsBeforeEditor} scripts, ${metrics.jsBeforeEditorGzipKb} kB gzipped JS besides Monaco; editor usable after ${metrics.timeToEditorMs} ms`);
    writeFileSync(path.join(artifacts, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    expect(metrics.jsBeforeEditorGzipKb).toBeLessThanOrEqual(250);
    expect(timeToEditor).toBeGreaterThan(0);
  });

  it('explains a wrong answer: the failing check, where, and the hint', async () => {
    await retypeLine(STARTER_LINE, WRONG);
    await page.getByRole('button', { name: /^Submit/ }).click();
    await waitForVerdict();
    const feedback = page.locator('.feedback-panel .feedback');
    await expect(feedback.getAttribute('data-status')).resolves.toBe('failed');
    const failing = page.locator('.check-failed').first();
    // Places are named as the statement counts them (j = 1 … M_l); the hint is given once, in the summary.
    await expect(failing.locator('[data-testid=where]').textContent()).resolves.toMatch(/δ⁽ˡ⁾, entry \d+/);
    await expect(feedback.locator('[data-testid=hint]').textContent()).resolves.toMatch(/Hint/);
    await expect(failing.locator('.mismatch').textContent()).resolves.toMatch(/Expected.*Got/s);
    await page.screenshot({ path: path.join(artifacts, 'exercise-feedback-failed.png'), fullPage: true });
  });

  it('Check runs only the examples and records nothing', async () => {
    await page.getByRole('button', { name: /^Check/ }).click();
    await page.waitForSelector('.feedback-panel .feedback:has-text("examples only")');
    await expect(page.locator('.history tbody tr').count()).resolves.toBe(1);
  });

  it('scores 100% once fixed (Submit by keyboard shortcut) and keeps both attempts', async () => {
    await retypeLine('return z.map(', RIGHT);
    await page.keyboard.press('Control+Shift+Enter');
    await page.waitForSelector('.feedback-panel .feedback[data-status="passed"]');
    await expect(page.locator('.feedback-panel [data-testid=score]').textContent()).resolves.toBe('100%');
    await page.waitForFunction(() => document.querySelectorAll('.history tbody tr').length === 2);
    await page.screenshot({ path: path.join(artifacts, 'exercise-feedback-passed.png'), fullPage: true });
  });

  it('opens an earlier attempt with its code and feedback, and restores its code', async () => {
    await page.locator('.history tbody tr').last().getByRole('button').click();
    await page.waitForSelector('.attempt-view .feedback[data-status="failed"]');
    await expect(page.locator('.attempt-code').textContent()).resolves.toContain(WRONG);
    // Restoring it is an edit of the editor's text: Ctrl+Z brings the newer code back.
    await page.getByRole('button', { name: 'Restore this code into the editor' }).click();
    await expect(editorText()).resolves.toContain(WRONG);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect(editorText()).resolves.toContain(RIGHT);
  });

  it('shows the progress on the course home', async () => {
    await page.goto(`${baseURL}/`);
    const item = page.locator('li[data-exercise="error-term"] [data-testid=progress]');
    await expect(item.textContent()).resolves.toMatch(/100%.*2 attempts/);
  });

  it('keeps the draft across a reload', async () => {
    await page.goto(`${baseURL}/exercises/error-term`);
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true');
    await expect(editorText()).resolves.toContain(RIGHT);
    await page.locator('.monaco-editor .view-line', { hasText: 'TODO' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' draft marker 7319', { delay: 5 });
    await page.waitForSelector('[data-testid=draft-state][data-state=saved]');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true');
    await expect(editorText()).resolves.toContain('draft marker 7319');
  });

  it('switches the interface to Chinese and back', async () => {
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-Hans"]');
    await expect(page.locator('#editor-title').textContent()).resolves.toBe('你的代码');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
  });

  it('never sent a request to another origin, and no script failed', () => {
    const foreign = requests.filter((u) => !u.startsWith(`${baseURL}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    writeFileSync(path.join(artifacts, 'requests.txt'), `${requests.join('\n')}\n`);
    expect(requests.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(policyViolations).toEqual([]);
  });

  it('serves every page with a policy that forbids other origins', async () => {
    const res = await fetch(`${baseURL}/exercises/error-term`);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    // Only the LMS origins the build names may frame deltalab (test/e2e/global-setup.ts).
    expect(policy.split(/;\s*/)).toContain(`frame-ancestors ${inject('ltiFrameAncestors')}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
