import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readMistakeSource } from '../../lib/content/mistakes';
import { launchChromium } from './browser';

/**
 * Feedback that reads at a glance, in a real browser, in English and Chinese, on a laptop and a
 * phone: a wrong mlp-backward submission gives a summary first (score, one sentence, the hint
 * once), one line per check with only the first failing check open, inputs as named vectors and
 * matrices (never `input[0]`), and heatmaps with text alternatives. Mistakes outside the catalogue
 * (a mutated argument, a missing export) get their own honest sentence; type errors the editor
 * shows are listed as warnings.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const MLP_WRONG = readMistakeSource(path.join(process.cwd(), 'exercises/4.4-backprop/mlp-backward/.meta/solution.ts'), path.join(process.cwd(), 'exercises/4.4-backprop/mlp-backward/.meta/mistakes/no-hidden-derivative.patch'));
const SOFTMAX_MUTATES = `export function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  for (let i = 0; i < z.length; i++) z[i] -= m;
  const e = z.map((v) => Math.exp(v));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
`;
const SOFTMAX_RENAMED = `export function softMax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
`;
// Right answers, but \`m\` is declared a string: a type error the editor shows, not a wrong answer.
const SOFTMAX_TYPE_ERROR = `export function softmax(z: number[]): number[] {
  const m: string = Math.max(...z);
  const e = z.map((v) => Math.exp(v - Number(m)));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
`;

const SIZES = { laptop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;
type Lang = 'en' | 'zh';

const heights: Record<string, number> = {};

describe.skipIf(!chromiumPath)('feedback that reads at a glance', () => {
  let browser: Browser;
  let storage: Awaited<ReturnType<import('playwright-core').BrowserContext['storageState']>>;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${baseURL}/sign-up`);
    await page.fill('input[name=name]', 'Fay Student');
    await page.fill('input[name=email]', 'fay@example.com');
    await page.fill('input[name=password]', 'correct-horse-43');
    await page.fill('input[name=joinCode]', joinCode);
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}/`);
    storage = await context.storageState();
    await context.close();
  }, 120_000);

  afterAll(async () => {
    writeFileSync(path.join(artifacts, 'feedback-heights.json'), `${JSON.stringify(heights, null, 2)}\n`);
    await browser?.close();
  });

  /** An exercise page with a ready editor, in the language asked for, holding `code`. */
  async function openWith(exercise: string, code: string, lang: Lang, size: Size): Promise<Page> {
    const context = await browser.newContext({ viewport: SIZES[size], storageState: storage, hasTouch: size === 'phone', isMobile: size === 'phone' });
    const page = await context.newPage();
    // Switching the language also saves it to the account: start every test from English.
    await page.goto(`${baseURL}/`);
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'en') {
      await page.locator('form.lang-switch button[value=en]').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    }
    await page.goto(`${baseURL}/exercises/${exercise}`);
    await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
    if (lang === 'zh') {
      // The interface switched to Chinese on the open page (the grader answers in the page's language).
      await page.locator('form.lang-switch button[value=zh]').click();
      await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');
    }
    if (size === 'phone') {
      // On a phone the page opens on the Statement tab; Check and Submit live on the Code tab.
      await page.locator('[data-tab-button=code]').click();
      await page.waitForFunction(() => document.documentElement.dataset.editorReady === 'true', null, { timeout: 60_000 });
    }
    await page.evaluate((text) => {
      (window as unknown as { monaco: { editor: { getModels(): { setValue(v: string): void }[] } } }).monaco.editor.getModels()[0]!.setValue(text);
    }, code);
    return page;
  }

  async function press(page: Page, which: 'check' | 'submit') {
    const name = which === 'check' ? /^(Check|检查)/ : /^(Submit|提交)/;
    // On a phone the last Check brought the Feedback tab forward; the buttons are on the Code tab.
    const codeTab = page.locator('[data-tab-button=code]');
    if (await codeTab.isVisible()) await codeTab.click();
    await page.getByRole('button', { name }).first().click();
    await page.waitForFunction(() => document.querySelector('.feedback-panel .feedback') !== null && !document.querySelector('.running'), null, { timeout: 60_000 });
    return page.locator('.feedback-panel .feedback');
  }

  for (const lang of ['en', 'zh'] as const) {
    for (const size of ['laptop', 'phone'] as const) {
      it(`a wrong mlp-backward: summary first, one hint, only the first failing check open, names from the statement (${lang}, ${size})`, async () => {
        const page = await openWith('mlp-backward', MLP_WRONG, lang, size);
        const feedback = await press(page, 'submit');
        await expect(feedback.getAttribute('data-status')).resolves.toBe('failed');

        // Summary first: the first thing in the feedback is the score, one sentence and the hint.
        await expect(feedback.evaluate((el) => (el.firstElementChild as HTMLElement).dataset.testid)).resolves.toBe('feedback-summary');
        const summary = feedback.locator('[data-testid=feedback-summary]');
        await expect(summary.locator('[data-testid=score]').textContent()).resolves.toBe('0%');
        await expect(summary.locator('[data-testid=what-is-wrong]').count()).resolves.toBe(1);
        // The catalogued hint once in the whole feedback, and it speaks of δ as the statement does.
        await expect(feedback.locator('.hint').count()).resolves.toBe(1);
        await expect(summary.locator('[data-testid=hint]').textContent()).resolves.toMatch(/δ⁽ˡ⁾/);

        // One line per check; details collapsed except the first failing check's.
        const details = feedback.locator('details[data-testid=check-details]');
        const n = await details.count();
        expect(n).toBeGreaterThanOrEqual(4);
        const open = await details.evaluateAll((els) => els.map((d) => (d as HTMLDetailsElement).open));
        expect(open).toEqual([true, ...Array.from({ length: n - 1 }, () => false)]);

        // Inputs and places named like the statement, counted from 1; never input[0] or row 0.
        const first = details.first();
        const parts = await first.locator('.math-name').allTextContents();
        expect(parts.map((p) => p.replace(/\s*=\s*$/, '').trim())).toEqual(expect.arrayContaining(['x', 'y', 'W⁽¹⁾', 'b⁽¹⁾', 'W⁽²⁾', 'b⁽²⁾']));
        await expect(first.locator('table.matrix').count()).resolves.toBeGreaterThan(0);
        const where = (await first.locator('[data-testid=where]').textContent()) ?? '';
        expect(where).toMatch(lang === 'zh' ? /^∂L\/∂[Wb]⁽[¹²³]⁾ 第 [1-9]\d* (行|个元素)/ : /^∂L\/∂[Wb]⁽[¹²³]⁾, (row|entry) [1-9]/);
        const text = (await feedback.textContent()) ?? '';
        expect(text).not.toMatch(/input\[\d\]|row 0|column 0|\[0\]/);
        if (lang === 'zh') {
          await expect(first.locator('.input-text').textContent()).resolves.toMatch(/^各层宽度 \d+(→\d+)+，隐藏层激活函数 f = \w+/);
          expect(text).not.toMatch(/\b(sizes|hidden|Wrong on|inputs wrong|line \d)\b/);
        }

        // Heatmaps carry the data that matters as text; a bias gradient is drawn as a vector.
        const alts = await first.locator('.heatmap svg[role=img]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
        expect(alts.length).toBeGreaterThan(0);
        for (const alt of alts) expect(alt).toMatch(lang === 'zh' ? /(个元素中有 \d+ 个错误|所有元素都正确)/ : /(\d+ of \d+ entr(y|ies) wrong|every entry is right)/);
        expect(alts.some((a) => (lang === 'zh' ? /∂L\/∂b⁽.⁾（长度为 \d+ 的向量）/ : /∂L\/∂b⁽.⁾ \(vector of \d+\)/).test(a))).toBe(true);

        // Nothing scrolls sideways: vectors and matrices wrap into rows.
        const overflow = await page.evaluate(() => {
          const panel = document.querySelector('.feedback-panel') as HTMLElement;
          return [panel.scrollWidth, panel.clientWidth, document.documentElement.scrollWidth, document.documentElement.clientWidth];
        });
        expect(overflow[0]).toBeLessThanOrEqual(overflow[1]! + 1);
        expect(overflow[2]).toBeLessThanOrEqual(overflow[3]! + 1);

        const box = await feedback.boundingBox();
        heights[`mlp-backward ${lang} ${size}`] = Math.round(box!.height);
        console.log(`[e2e] feedback height, wrong mlp-backward, ${lang} ${size}: ${Math.round(box!.height)} px`);
        await feedback.screenshot({ path: path.join(artifacts, `feedback-mlp-${lang}-${size}.png`) });
        await page.context().close();
      }, 120_000);
    }
  }

  /** The summary's sentence, without the label screen readers hear before it. */
  async function whatIsWrong(feedback: ReturnType<Page['locator']>): Promise<string> {
    const text = (await feedback.locator('[data-testid=what-is-wrong]').textContent()) ?? '';
    return text.replace(/^(What is wrong: |问题所在：)/, '');
  }

  for (const lang of ['en', 'zh'] as const) {
    it(`honest messages outside the catalogue: a mutated argument, a missing export (${lang}, phone)`, async () => {
      const page = await openWith('softmax', SOFTMAX_MUTATES, lang, 'phone');
      let feedback = await press(page, 'check');
      const said = await whatIsWrong(feedback);
      expect(said).toMatch(lang === 'zh' ? /^你修改了 `z`；请先复制一份/ : /^You changed `z`; copy it first/);
      // No catalogued hint (the min(z) one used to fire here).
      await expect(feedback.locator('.hint').count()).resolves.toBe(0);
      await feedback.screenshot({ path: path.join(artifacts, `feedback-softmax-mutation-${lang}.png`) });

      await page.evaluate((text) => {
        (window as unknown as { monaco: { editor: { getModels(): { setValue(v: string): void }[] } } }).monaco.editor.getModels()[0]!.setValue(text);
      }, SOFTMAX_RENAMED);
      feedback = await press(page, 'check');
      const missing = await whatIsWrong(feedback);
      expect(missing).toMatch(lang === 'zh' ? /没有找到 export function softmax/ : /^export function softmax was not found/);
      await expect(feedback.textContent()).resolves.not.toMatch(/m\.softmax|is not a function/);
      await page.context().close();
    }, 120_000);
  }

  it('lists the editor’s type errors as warnings that do not change the score (en, laptop)', async () => {
    const page = await openWith('softmax', SOFTMAX_TYPE_ERROR, 'en', 'laptop');
    // Monaco's TypeScript service reports the error a moment after the text changes.
    await page.waitForFunction(
      () =>
        (window as unknown as { monaco: { editor: { getModelMarkers(f: object): { owner: string }[] } } }).monaco.editor
          .getModelMarkers({})
          .some((m) => m.owner !== 'deltalab'),
      null,
      { timeout: 30_000 },
    );
    const feedback = await press(page, 'check');
    await expect(feedback.getAttribute('data-status')).resolves.toBe('passed');
    await expect(feedback.locator('[data-testid=score]').textContent()).resolves.toBe('100%');
    await expect(feedback.locator('[data-testid=type-warnings]').textContent()).resolves.toMatch(/line 2, column \d+.*string/s);
    await page.context().close();
  }, 120_000);
});
