import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { monacoText, retypeMonacoLine, RIGHT, STARTER_LINE, studentContext, waitForMonaco } from './student';

/**
 * A student's progress, in both languages and at laptop and phone size: section and course totals
 * on the home page move when an exercise is solved; a pass offers the next exercise; coming back
 * to an exercise shows the latest graded attempt's feedback; restoring an old attempt over code
 * that is in no attempt asks first, and declining keeps the code.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const TEXT = {
  en: { submit: /^Submit/, next: 'Next exercise: ', last: 'Your latest graded attempt', restore: 'Restore this code into the editor', total: /Your exercises: (\d+(?:\.\d+)?) of (\d+) points · (\d+) of (\d+) solved/ },
  zh: { submit: /^提交/, next: '下一题：', last: '你最近一次已评测的尝试', restore: '把这次的代码恢复到编辑器', total: /你的练习：(\d+(?:\.\d+)?) \/ (\d+) 分 · 已完成 (\d+) \/ (\d+) 题/ },
} as const;

describe.skipIf(!chromiumPath)('progress through the course', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function courseTotal(page: Page, locale: 'en' | 'zh') {
    await page.goto(`${baseURL}/`);
    const m = TEXT[locale].total.exec((await page.locator('[data-testid=course-total]').textContent()) ?? '');
    expect(m).not.toBeNull();
    const section = await page.locator('#section-4\\.4 [data-testid=section-total]').textContent();
    return { points: Number(m![1]), max: Number(m![2]), solved: Number(m![3]), n: Number(m![4]), section };
  }

  for (const [locale, phone] of [
    ['en', false],
    ['zh', true],
  ] as const) {
    it(`${locale}${phone ? ', phone' : ''}: totals, next exercise, last feedback on return, restore asks first`, async () => {
      const context = await browser.newContext(phone ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true } : { viewport: { width: 1366, height: 768 } });
      await studentContext(context, baseURL, joinCode, locale);
      const page = await context.newPage();

      const before = await courseTotal(page, locale);
      expect(before.points).toBe(0);
      expect(before.solved).toBe(0);
      expect(before.max).toBeGreaterThan(10);

      await page.goto(`${baseURL}/exercises/error-term`);
      if (phone) await page.locator('[data-tab-button=code]').tap();
      await waitForMonaco(page);
      await retypeMonacoLine(page, STARTER_LINE, RIGHT);
      await page.getByRole('button', { name: TEXT[locale].submit }).click();
      await page.waitForSelector('.feedback-panel .feedback[data-status="passed"]');

      // The way on.
      const next = page.locator('[data-testid=next-exercise] a');
      const label = (await next.textContent()) ?? '';
      expect(label.startsWith(TEXT[locale].next)).toBe(true);
      const title = label.slice(TEXT[locale].next.length).replace(/\s*→$/, '');
      await next.click();
      await page.waitForURL(/\/exercises\/(?!error-term)[\w-]+$/);
      await expect(page.locator('h1#exercise-title').textContent()).resolves.toBe(title);

      // The totals moved by this exercise's points.
      const after = await courseTotal(page, locale);
      expect(after.points).toBe(10);
      expect(after.solved).toBe(1);
      expect(after.section).toMatch(/^10 /);
      await page.screenshot({ path: path.join(artifacts, `home-totals-${locale}${phone ? '-390' : '-1366'}.png`) });

      // Coming back: the latest graded attempt's feedback is open.
      await page.goto(`${baseURL}/exercises/error-term`);
      await expect(page.locator('.attempt-banner').textContent()).resolves.toContain(TEXT[locale].last);
      await expect(page.locator('.feedback-panel .feedback').getAttribute('data-status')).resolves.toBe('passed');

      // Work that is in no attempt: restoring asks; "no" keeps it, "yes" replaces it (undoable).
      if (phone) await page.locator('[data-tab-button=code]').tap();
      await waitForMonaco(page);
      await retypeMonacoLine(page, 'return z.map(', 'return z.map(() => 1); // new work 8842');
      if (phone) await page.locator('[data-tab-button=feedback]').tap();
      const dialogs: string[] = [];
      page.once('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await page.getByRole('button', { name: TEXT[locale].restore }).click();
      expect(dialogs).toHaveLength(1);
      await expect(monacoText(page)).resolves.toContain('new work 8842');
      page.once('dialog', (d) => void d.accept());
      if (phone) await page.locator('[data-tab-button=feedback]').tap();
      await page.getByRole('button', { name: TEXT[locale].restore }).click();
      await page.waitForFunction(() => !(window as unknown as { monaco: { editor: { getModels(): { getValue(): string }[] } } }).monaco.editor.getModels()[0]!.getValue().includes('new work 8842'));
      await expect(monacoText(page)).resolves.toContain(RIGHT);
      // Restoring code that is already recorded does not ask.
      page.once('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      if (phone) await page.locator('[data-tab-button=feedback]').tap();
      await page.getByRole('button', { name: TEXT[locale].restore }).click();
      expect(dialogs).toHaveLength(1);
      await context.close();
    });
  }
});
