import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readMistakeSource } from '../../lib/content/mistakes';
import { launchChromium } from './browser';
import { studentContext } from './student';

/**
 * The 4.1 activation plots after a Submit, in a real browser, in English and Chinese: the function
 * and its derivative as small multiples, one above the other on the same x range, each captioned
 * with its check; drawn when everything passes too; shaded only where a curve is wrong; the kink
 * marked on each.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const dir = path.join(process.cwd(), 'exercises/4.1-neurons/relu-subgradient/.meta');
const RIGHT = readFileSync(path.join(dir, 'solution.ts'), 'utf8');
const PRIME_IS_VALUE = readMistakeSource(path.join(dir, 'solution.ts'), path.join(dir, 'mistakes/prime-returns-value.patch'));

describe.skipIf(!chromiumPath)('activation plots (4.1)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function submit(code: string, lang: 'en' | 'zh'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await studentContext(context, baseURL, joinCode, lang);
    const page = await context.newPage();
    await page.goto(`${baseURL}/exercises/relu-subgradient`);
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
    await page.evaluate((text) => {
      (window as unknown as { monaco: { editor: { getModels(): { setValue(v: string): void }[] } } }).monaco.editor.getModels()[0]!.setValue(text);
    }, code);
    await page.getByRole('button', { name: /^(Submit|提交)/ }).first().click();
    await page.waitForFunction(() => document.querySelector('.feedback-panel .feedback') !== null && !document.querySelector('.running'), null, { timeout: 90_000 });
    return page;
  }

  /** Each figure's caption, shaded stretches, kinks and x axis ends, top to bottom. */
  const figures = (page: Page) =>
    page.locator('[data-testid=plots] [data-testid=plot]').evaluateAll((figs) =>
      figs.map((f) => {
        const texts = [...f.querySelectorAll('svg > text')].map((t) => t.textContent);
        return {
          check: f.getAttribute('data-check'),
          caption: f.querySelector('figcaption')!.textContent,
          shaded: f.querySelectorAll('[data-testid=plot-differs]').length,
          kinks: f.querySelectorAll('[data-testid=plot-kink]').length,
          xEnds: [texts[2], texts[3]],
          top: f.getBoundingClientRect().top,
        };
      }),
    );

  for (const lang of ['en', 'zh'] as const) {
    it(`a right solution: relu and reluPrime drawn over [−5, 5], agreeing, the kink marked (${lang})`, async () => {
      const page = await submit(RIGHT, lang);
      await expect(page.locator('.feedback-panel .feedback').getAttribute('data-status')).resolves.toBe('passed');
      await expect(page.locator('[data-testid=plots] h3').textContent()).resolves.toBe(lang === 'en' ? 'Your functions against the reference' : '你的函数与参考函数对比');
      const figs = await figures(page);
      expect(figs.map((f) => f.check)).toEqual(['relu', 'relu-prime-right', 'relu-prime-left']);
      expect(figs[0]!.caption).toBe(lang === 'en' ? '✓ relu at random x in [−5, 5]' : '✓ 随机 x ∈ [−5, 5] 处的 relu');
      for (const f of figs) {
        expect(f.shaded).toBe(0);
        expect(f.kinks).toBe(1);
        expect(f.xEnds).toEqual(['-5', '5']);
      }
      // Small multiples: one above the other.
      expect(figs[0]!.top).toBeLessThan(figs[1]!.top);
      await page.locator('[data-testid=plots]').screenshot({ path: path.join(artifacts, `plots-relu-right-${lang}.png`) });
      await page.context().close();
    }, 150_000);
  }

  it('a derivative that returns the value: its figures are shaded where it differs, the function’s is not (en)', async () => {
    const page = await submit(PRIME_IS_VALUE, 'en');
    await expect(page.locator('.feedback-panel .feedback').getAttribute('data-status')).resolves.toBe('failed');
    const figs = await figures(page);
    expect(figs.map((f) => [f.check, f.caption!.slice(0, 1), f.shaded > 0])).toEqual([
      ['relu', '✓', false],
      ['relu-prime-right', '✗', true],
      // Its inputs are x < 0, where max(0, x) = 0 is right: passed, but the curve over [−5, 5] shows the rest.
      ['relu-prime-left', '✓', true],
    ]);
    await page.locator('[data-testid=plots]').screenshot({ path: path.join(artifacts, 'plots-relu-prime-is-value-en.png') });
    await page.context().close();
  }, 150_000);
});
