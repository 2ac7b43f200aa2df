import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { retypeMonacoLine, studentContext, waitForMonaco } from './student';

/**
 * Live checks while typing (issue 16 §1): the statement's examples of sigmoid-prime run in a Web
 * Worker as the student types; the strip beside the editor shows ✓/✗ per example and the first
 * difference; a syntax error shows no stale result; a runaway loop is stopped and the page stays
 * usable; the switch is remembered. In English and in Chinese.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const BODY = 'return 0;';
const RIGHT = 'return sigmoid(x) * (1 - sigmoid(x));';

async function stripState(page: Page, state: string): Promise<void> {
  await page.waitForSelector(`[data-testid="live-strip"][data-state="${state}"]`, { timeout: 30_000, state: 'attached' });
}

async function cases(page: Page): Promise<string[]> {
  return page.locator('[data-testid="live-case"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-ok') ?? ''));
}

async function liveMarkers(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { monaco: { editor: { getModelMarkers(f: { owner: string }): { message: string }[] } } }).monaco.editor
      .getModelMarkers({ owner: 'deltalab-live' })
      .map((m) => m.message),
  );
}

/**
 * Whether the page has downloaded sucrase (the live checks' type stripper, a chunk of its own):
 * read from the scripts the page fetched, by a string only sucrase's code holds.
 */
async function sucraseLoaded(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const scripts = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((u) => u.includes('/_next/static/') && u.endsWith('.js'));
    const texts = await Promise.all(scripts.map(async (u) => (await fetch(u)).text()));
    return texts.some((t) => t.includes('regenerateByEval'));
  });
}

/** Retypes the body line and waits until the strip shows the result of exactly this text. */
async function typeBody(page: Page, from: string, to: string, state: string): Promise<void> {
  await retypeMonacoLine(page, from, to);
  await settled(page, state);
}

/** Waits until the strip shows `state` for the text now in the editor. */
async function settled(page: Page, state: string): Promise<void> {
  await page.waitForFunction(
    ([want]) => {
      const strip = document.querySelector('[data-testid="live-strip"]');
      const model = (window as unknown as { monaco: { editor: { getModels(): { getVersionId(): number }[] } } }).monaco.editor.getModels()[0]!;
      // The state shown is the one for the text now in the editor, not for a half-typed line.
      return strip?.getAttribute('data-state') === want && strip.getAttribute('data-version') === String(model.getVersionId());
    },
    [state],
    { timeout: 30_000 },
  );
}

describe.skipIf(!chromiumPath)('live checks while typing', () => {
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of ['en', 'zh'] as const) {
    it(`${locale}: examples pass and fail live, a syntax error hides them, a runaway loop is stopped, the switch is remembered`, async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      await studentContext(context, baseURL, joinCode, locale);
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
      const workerURLs: string[] = [];
      page.on('worker', (w) => workerURLs.push(w.url()));
      await page.goto(`${baseURL}/exercises/sigmoid-prime`);
      await waitForMonaco(page);
      // Nothing ran yet: the worker and sucrase load on first use only (the editor focused, or the first edit).
      await stripState(page, 'waiting');
      expect(workerURLs.filter((u) => u.includes('/live/'))).toEqual([]);
      await expect(sucraseLoaded(page)).resolves.toBe(false);

      // The starter returns 0: every example fails, with the first difference and a marker.
      await typeBody(page, BODY, 'return 0 ;', 'results');
      expect(workerURLs.some((u) => u.endsWith('/live/worker.js'))).toBe(true);
      await expect(sucraseLoaded(page)).resolves.toBe(true);
      await expect(cases(page)).resolves.toEqual(['false', 'false', 'false']);
      const diff = await page.locator('[data-testid="live-diff"]').textContent();
      expect(diff).toContain('x = 0');
      expect(diff).toContain(locale === 'en' ? 'expected 0.25, got 0' : '应为 0.25，实际为 0');
      const markers = await liveMarkers(page);
      expect(markers).toHaveLength(1);
      expect(markers[0]).toContain('0.25');

      // Right: all three pass, the markers go.
      await typeBody(page, 'return 0 ;', RIGHT, 'results');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="live-case"]')].every((e) => e.getAttribute('data-ok') === 'true'));
      await expect(cases(page)).resolves.toEqual(['true', 'true', 'true']);
      await expect(liveMarkers(page)).resolves.toEqual([]);
      await page.screenshot({ path: path.join(artifacts, `live-pass-${locale}-1366.png`) });

      // A syntax error: no result is shown at all (none of the passing ones from a moment ago).
      await typeBody(page, RIGHT, 'return sigmoid(x) * (1 - ;', 'compile');
      await expect(cases(page)).resolves.toEqual([]);
      const compileMessage = await page.locator('[data-testid="live-message"]').textContent();
      expect(compileMessage).toContain(locale === 'en' ? 'does not compile' : '无法编译');
      await page.screenshot({ path: path.join(artifacts, `live-compile-${locale}-1366.png`) });

      // One that sucrase lets through and only the browser's parser refuses (a module may not have
      // a legacy octal literal): no result either, and the line TypeScript gives.
      await typeBody(page, 'return sigmoid(x) * (1 - ;', 'const y = 010; return y;', 'compile');
      await expect(cases(page)).resolves.toEqual([]);
      const octalLine = await page.evaluate(
        () =>
          (window as unknown as { monaco: { editor: { getModels(): { getLinesContent(): string[] }[] } } }).monaco.editor
            .getModels()[0]!
            .getLinesContent()
            .findIndex((l) => l.includes('010')) + 1,
      );
      expect(octalLine).toBeGreaterThan(1);
      expect(await page.locator('[data-testid="live-message"]').textContent()).toContain(locale === 'en' ? `(line ${octalLine})` : `第 ${octalLine} 行`);

      // A runaway loop: the worker is ended and the strip says so; the page answers meanwhile.
      await retypeMonacoLine(page, 'const y = 010; return y;', 'while (true) {} return 0;');
      const answered = await page.evaluate(() => new Promise<boolean>((r) => setTimeout(() => r(true), 10)));
      expect(answered).toBe(true);
      await settled(page, 'timeout');
      await expect(cases(page)).resolves.toEqual([]);
      expect(await page.locator('[data-testid="live-message"]').textContent()).toContain(locale === 'en' ? 'endless loop' : '死循环');
      await page.screenshot({ path: path.join(artifacts, `live-timeout-${locale}-1366.png`) });

      // Editing again starts a fresh worker: the network APIs are gone inside it.
      await typeBody(
        page,
        'while (true) {} return 0;',
        'return typeof fetch === "undefined" && typeof XMLHttpRequest === "undefined" && typeof WebSocket === "undefined" ? sigmoid(x) * (1 - sigmoid(x)) : -1;',
        'results',
      );
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="live-case"]')].every((e) => e.getAttribute('data-ok') === 'true'));

      // Off, and still off after a reload; the worker does not run then.
      await page.getByTestId('live-toggle').uncheck();
      await stripState(page, 'off');
      await page.reload();
      await waitForMonaco(page);
      await stripState(page, 'off');
      await expect(page.getByTestId('live-toggle').isChecked()).resolves.toBe(false);
      await page.getByTestId('live-toggle').check();
      await stripState(page, 'waiting');
      await context.close();
    });
  }

  it('a worker cannot reach the network: a dynamic import of a same-origin URL is refused', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await studentContext(context, baseURL, joinCode, 'en');
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${baseURL}/exercises/sigmoid-prime`);
    await waitForMonaco(page);
    const started = requests.length;
    // Set as a whole (typing would auto-close brackets): the edit reaches live checks like typing.
    await page.evaluate(() => {
      const model = (window as unknown as { monaco: { editor: { getModels(): { setValue(v: string): void }[] } } }).monaco.editor.getModels()[0]!;
      model.setValue('export function sigmoidPrime(x: number): number {\n  return x;\n}\nawait import("/api/live-probe");\n');
    });
    await stripState(page, 'load-error');
    expect(await page.locator('[data-testid="live-message"]').textContent()).toContain('live-probe');
    expect(requests.slice(started).filter((u) => u.includes('live-probe'))).toEqual([]);
    await page.screenshot({ path: path.join(artifacts, 'live-load-error-390.png') });
    await context.close();
  });

  afterAll(() => {
    expect(pageErrors).toEqual([]);
  });
});
