import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

/**
 * Quizzes as a student meets them, in English and in Chinese (language cookie set before the first
 * load), on a laptop (1366×768) and a phone (390×844): a cold page ships at most 180 kB of gzipped
 * JavaScript (the formula parser and KaTeX come when a formula is typed); an answer that cannot be
 * read is not submitted and is marked "fix this answer", and the server refuses it too, spending
 * nothing; `.*` next to `*` is explained where it fails; marks and course points are told apart;
 * "1 question unanswered"; math-only options have text names.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const FEEDFORWARD = 'feedforward-quiz';
const ACTIVATIONS = 'activation-functions-quiz';
const BACKPROP = 'backprop-quiz';
const QUIZ_JS_BUDGET_KB = 180;

describe.skipIf(!chromiumPath)('quizzes: unreadable answers, precedence, units, weight, both languages, phone', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    writeFileSync(path.join(artifacts, 'quiz-weight.json'), `${JSON.stringify(figures, null, 2)}\n`);
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  async function freshPage(locale: 'en' | 'zh', viewport: { width: number; height: number }, scripts?: string[]): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    await context.addCookies([{ name: 'deltalab-locale', value: locale, url: baseURL }]);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    if (scripts) page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    return page;
  }

  async function signUp(page: Page, email: string) {
    await page.goto(`${baseURL}/sign-up`);
    await page.fill('input[name=name]', 'Rui Reader');
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', 'reader-pass-2026');
    await page.fill('input[name=joinCode]', joinCode);
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}/`);
  }

  async function gzippedKb(urls: string[]): Promise<number> {
    let bytes = 0;
    for (const url of new Set(urls)) bytes += gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
    return bytes / 1024;
  }

  const question = (page: Page, id: string) => page.locator(`li.question[data-question="${id}"]`);
  const attempts = (page: Page) => page.locator('.quiz-history tbody tr').count();

  it(`a cold quiz page ships at most ${QUIZ_JS_BUDGET_KB} kB of gzipped JavaScript; the parser and KaTeX come when a formula is typed`, async () => {
    const scripts: string[] = [];
    const page = await freshPage('en', LAPTOP, scripts);
    await page.goto(`${baseURL}/quizzes/${FEEDFORWARD}`, { waitUntil: 'networkidle' });
    await page.waitForSelector('li.question[data-question="forward-step"] [data-testid=preview][data-state=empty]');
    const cold = await gzippedKb(scripts);
    figures.quizColdJsGzipKb = Math.round(cold * 10) / 10;
    await page.locator('li[data-question="forward-step"] input.formula-field').pressSequentially('W_l * a_prev', { delay: 5 });
    await page.waitForSelector('li[data-question="forward-step"] [data-testid=preview][data-state=ok] .katex');
    figures.quizWithPreviewJsGzipKb = Math.round((await gzippedKb(scripts)) * 10) / 10;
    console.log(`[quiz] gzipped JavaScript: cold ${figures.quizColdJsGzipKb} kB, after typing a formula ${figures.quizWithPreviewJsGzipKb} kB`);
    expect(cold).toBeLessThanOrEqual(QUIZ_JS_BUDGET_KB);
    expect(figures.quizWithPreviewJsGzipKb).toBeGreaterThan(cold);
  });

  for (const [locale, viewport] of [
    ['en', LAPTOP],
    ['zh', PHONE],
    ['en', PHONE],
    ['zh', LAPTOP],
  ] as const) {
    const size = `${viewport.width}×${viewport.height}`;
    const en = locale === 'en';

    describe(`${locale} at ${size}`, () => {
      let page: Page;

      it('cold page: screenshot, no sideways scrolling, marks and course points told apart, math options named', async () => {
        page = await freshPage(locale, viewport);
        await page.goto(`${baseURL}/quizzes/${ACTIVATIONS}`);
        await page.waitForSelector(`html[lang="${en ? 'en' : 'zh-Hans'}"] h1#quiz-title`);
        await page.screenshot({ path: path.join(artifacts, `quiz-cold-${locale}-${viewport.width}.png`) });
        await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
        await expect(page.locator('[data-testid=quiz-weight]').textContent()).resolves.toBe(en ? 'worth 10 course points' : '计入课程成绩 10 分');
        await expect(question(page, 'dying-relu').locator('.question-head .muted').textContent()).resolves.toBe(en ? '1 mark' : '卷面 1 分');
        // "$\tanh(x)$" alone: its checkbox is named in text.
        await expect(question(page, 'zero-centred').getByRole('checkbox', { name: 'tanh(x)', exact: true }).count()).resolves.toBe(1);
      });

      it('an answer that cannot be read is not submitted: marked "fix this answer", nothing recorded', async () => {
        await signUp(page, `reader-${locale}-${viewport.width}@example.com`);
        await page.goto(`${baseURL}/quizzes/${ACTIVATIONS}`);
        await page.waitForSelector('form.quiz-form button[type=submit]');
        const number = question(page, 'sigmoid-prime-at-zero').locator('input');
        await number.fill('0,25');
        // Checked as it is typed.
        await page.waitForSelector('li[data-question="sigmoid-prime-at-zero"] [data-testid=number-problem]:not(:empty)');
        await expect(question(page, 'sigmoid-prime-at-zero').locator('[data-testid=number-problem]').textContent()).resolves.toContain('0.25');
        await question(page, 'tanh-derivative').locator('input.formula-field').fill('1 - tanh(x)^2)');
        await page.waitForSelector('li[data-question="tanh-derivative"] [data-testid=preview][data-state=error][data-unreadable=true]');
        await question(page, 'dying-relu').locator('label.option').first().click();
        await page.locator('form.quiz-form button[type=submit]').click();
        await page.waitForSelector('li[data-question="tanh-derivative"][data-fix="true"] [data-testid=fix-answer]');
        await expect(page.locator('li.question[data-fix="true"]').count()).resolves.toBe(2);
        await expect(question(page, 'sigmoid-prime-at-zero').locator('[data-testid=fix-answer]').textContent()).resolves.toMatch(en ? /^Fix this answer It cannot be read/ : /^请修改这个答案 这个答案无法读取/);
        await expect(page.locator('[data-testid=quiz-notice]').textContent()).resolves.toBe(
          en ? 'Nothing was submitted: the answers to questions 1 and 2 cannot be read. Fix them (they are marked below), then submit again.' : '未提交：第 1、2 题的答案无法读取。请修改（已在下方标出）后再提交。',
        );
        // Focus goes to the first answer to fix; nothing was recorded or graded.
        await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('answer-sigmoid-prime-at-zero');
        expect(await attempts(page)).toBe(0);
        await expect(page.locator('[data-testid=verdict]').count()).resolves.toBe(0);
        await page.screenshot({ path: path.join(artifacts, `quiz-fix-${locale}-${viewport.width}.png`), fullPage: true });
      });

      it('the server refuses unreadable answers too, in this language, spending nothing', async () => {
        const reply = await page.evaluate(async (quiz) => {
          const res = await fetch(`/api/quizzes/${quiz}/attempts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers: { 'sigmoid-prime-at-zero': '1/' } }) });
          return { status: res.status, body: (await res.json()) as { error?: string; unreadable?: { questionId: string }[]; attempt?: unknown } };
        }, ACTIVATIONS);
        expect(reply.status).toBe(400);
        expect(reply.body.attempt).toBeUndefined();
        expect(reply.body.unreadable?.map((u) => u.questionId)).toEqual(['sigmoid-prime-at-zero']);
        expect(reply.body.error).toBe(en ? 'Nothing was submitted: the answer to question 1 cannot be read. Fix it (it is marked below), then submit again.' : '未提交：第 1 题的答案无法读取。请修改（已在下方标出）后再提交。');
        await page.reload();
        await page.waitForSelector('form.quiz-form button[type=submit]');
        expect(await attempts(page)).toBe(0);
      });

      it('once fixed, the attempt is graded: marks and course points are separate; "1 question unanswered"', async () => {
        await question(page, 'sigmoid-prime-at-zero').locator('input').fill('0.25');
        await question(page, 'tanh-derivative').locator('input.formula-field').fill('1 - tanh(x)^2');
        await expect(page.locator('li.question[data-fix="true"]').count()).resolves.toBe(0);
        await question(page, 'softplus-derivative').locator('input.formula-field').fill('sigma(x)');
        await question(page, 'hard-logistic-value').locator('input').fill('0.5');
        await question(page, 'dying-relu').locator('label.option').first().click();
        await question(page, 'composite-family').locator('label.option').first().click();
        await question(page, 's-shaped-members').locator('label.option').first().click();
        // Seven of eight answered.
        await expect(page.locator('form.quiz-form .actions').textContent()).resolves.toContain(en ? '1 question unanswered: it scores 0.' : '有 1 道题未作答，该题记 0 分。');
        await page.locator('form.quiz-form button[type=submit]').click();
        await page.waitForFunction(() => document.querySelectorAll('.quiz-history tbody tr').length === 1);
        await expect(page.locator('[data-testid=quiz-result]').textContent()).resolves.toMatch(en ? /marks.*course points/s : /卷面.*课程成绩/s);
        await expect(question(page, 'tanh-derivative').locator('[data-testid=verdict]').getAttribute('data-verdict')).resolves.toBe('correct');
        await expect(question(page, 'tanh-derivative').locator('[data-testid=verdict]').textContent()).resolves.toContain(en ? '1 / 1 mark' : '卷面 1 / 1 分');
        await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
        await page.screenshot({ path: path.join(artifacts, `quiz-graded-${locale}-${viewport.width}.png`), fullPage: true });
      });

      it('`.*` next to `*`: the error says how it was read and where the parentheses go', async () => {
        await page.goto(`${baseURL}/quizzes/${BACKPROP}`);
        await expect(question(page, 'error-term').locator('[data-testid=precedence-help]').textContent()).resolves.toBe(
          en ? '.* and * bind equally and are read from left to right: a .* B * c means (a .* B) * c; write a .* (B * c) for the other.' : '.* 与 * 优先级相同，从左到右结合：a .* B * c 表示 (a .* B) * c；若要另一种含义请写 a .* (B * c)。',
        );
        const field = question(page, 'error-term').locator('input.formula-field');
        await field.pressSequentially('fprime(z_l) .* W_next^T * delta_next', { delay: 5 });
        await page.waitForSelector('li[data-question="error-term"] [data-testid=preview][data-state=error]');
        await expect(question(page, 'error-term').locator('.preview-error p').textContent()).resolves.toContain(
          en ? 'means `(fprime(z_l) .* W_next^T) * delta_next`; for `fprime(z_l) .* (W_next^T * delta_next)` add those parentheses.' : '若想表示 `fprime(z_l) .* (W_next^T * delta_next)`，请加上这对括号。',
        );
        await field.fill('fprime(z_l) .* (W_next^T * delta_next)');
        await page.waitForSelector('li[data-question="error-term"] [data-testid=preview][data-state=ok] .katex');
      });
    });
  }

  it('no script failed', () => {
    expect(pageErrors).toEqual([]);
  });
});
