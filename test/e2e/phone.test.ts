import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { monacoText, RIGHT, STARTER_LINE, studentContext, waitForMonaco } from './student';

/**
 * The exercise page on a phone (390×844, touch) in both languages: statement, code and feedback
 * are tabs under a bar that stays on top, so the editor is one tap away; typing by touch and
 * checking shows the feedback tab, with no console error. Wide display equations scroll inside a
 * box that says so and that the keyboard reaches. And on a laptop the same page shows everything
 * side by side. Screenshots of each cold page go to test-results/e2e.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const TEXT = {
  en: { tabs: ['Statement', 'Code', 'Feedback'], check: /^Check/, equation: 'Equation (scrolls sideways)' },
  zh: { tabs: ['题目', '代码', '反馈'], check: /^检查/, equation: '公式（可左右滚动）' },
} as const;

describe.skipIf(!chromiumPath)('the exercise page on every screen', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(locale: 'en' | 'zh', phone: boolean): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext(
      phone ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 } : { viewport: { width: 1366, height: 768 } },
    );
    await studentContext(context, baseURL, joinCode, locale);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${baseURL}/exercises/error-term`);
    return { page, errors };
  }

  for (const locale of ['en', 'zh'] as const) {
    it(`${locale}, phone: tabs bring the editor up without scrolling; touch typing and Check show the feedback; no console error`, async () => {
      const { page, errors } = await open(locale, true);
      await page.screenshot({ path: path.join(artifacts, `exercise-${locale}-390-cold.png`) });
      const tabs = page.locator('.exercise-tabs button');
      await expect(tabs.allTextContents()).resolves.toEqual([...TEXT[locale].tabs]);
      await tabs.nth(1).tap();
      await expect(page.locator('.statement').isVisible()).resolves.toBe(false);
      const frame = await page.locator('.editor-frame').boundingBox();
      expect(frame).not.toBeNull();
      expect(frame!.y + 100).toBeLessThan(844); // the editor's top part is on the first screen
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await waitForMonaco(page);
      await page.screenshot({ path: path.join(artifacts, `exercise-${locale}-390-code.png`) });

      await page.locator('.monaco-editor .view-line', { hasText: STARTER_LINE }).first().tap();
      await page.keyboard.press('End');
      await page.keyboard.press('Shift+Home');
      await page.keyboard.type(RIGHT, { delay: 5 });
      await page.keyboard.press('Escape');
      await expect(monacoText(page)).resolves.toContain(RIGHT);
      for (const line of [2, 5, 9]) await page.locator('.monaco-editor .view-line').nth(line).tap();
      await page.getByRole('button', { name: TEXT[locale].check }).tap();
      await page.waitForSelector('.feedback-panel .feedback[data-status="passed"]');
      // The feedback tab came forward by itself.
      await expect(page.locator('.exercise-tabs button[aria-pressed="true"]').textContent()).resolves.toBe(TEXT[locale].tabs[2]);
      await expect(page.locator('#pane-code').isVisible()).resolves.toBe(false);
      await tabs.nth(1).tap();
      await page.locator('.monaco-editor .view-line').nth(3).tap();
      expect(errors).toEqual([]);
    });

    it(`${locale}, phone: a wide display equation scrolls in a keyboard-reachable box with a label`, async () => {
      const { page, errors } = await open(locale, true);
      const wide = page.locator('.prose .math-display.scrollable');
      await wide.first().waitFor();
      await expect(wide.first().getAttribute('tabindex')).resolves.toBe('0');
      await expect(wide.first().getAttribute('aria-label')).resolves.toBe(TEXT[locale].equation);
      // Reached with Tab, scrolled with the arrow keys.
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.classList.contains('scrollable') === true);
      }
      expect(reached).toBe(true);
      const before = await page.evaluate(() => document.activeElement!.scrollLeft);
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
      await page.waitForFunction((x) => document.activeElement!.scrollLeft > x, before);
      expect(errors).toEqual([]);
    });

    it(`${locale}, laptop: no tab bar, the statement beside the editor; narrow equations are no tab stops`, async () => {
      const { page } = await open(locale, false);
      await page.screenshot({ path: path.join(artifacts, `exercise-${locale}-1366-cold.png`) });
      await expect(page.locator('.exercise-tabs').isVisible()).resolves.toBe(false);
      const statement = await page.locator('.statement').boundingBox();
      const editor = await page.locator('.editor-frame').boundingBox();
      expect(editor!.x).toBeGreaterThan(statement!.x + statement!.width - 1);
      expect(editor!.y).toBeLessThan(768);
      const narrowWithTabStop = await page.evaluate(
        () => [...document.querySelectorAll<HTMLElement>('.prose .math-display')].filter((el) => el.scrollWidth <= el.clientWidth && el.hasAttribute('tabindex')).length,
      );
      expect(narrowWithTabStop).toBe(0);
      await waitForMonaco(page);
      await page.screenshot({ path: path.join(artifacts, `exercise-${locale}-1366-ready.png`) });
    });
  }
});
