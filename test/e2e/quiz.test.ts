import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';

/**
 * Quizzes in a real browser against the production build: a visitor reads but cannot submit; a
 * student answers one question of each type (single, multiple, numeric, a scalar formula with its
 * live preview, a matrix formula with a shape error first) in English on a laptop, then again in
 * Chinese on a tablet after the language choice followed them to a fresh browser; progress on the
 * course home; unsent answers survive a reload; nothing is requested from another origin.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const EMAIL = 'quinn@example.com';
const PASSWORD = 'correct-horse-42';
const ACTIVATIONS = 'activation-functions-quiz';
const FEEDFORWARD = 'feedforward-quiz';

describe.skipIf(!chromiumPath)('quizzes in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  const question = (page: Page, id: string) => page.locator(`li.question[data-question="${id}"]`);

  /** Types like a person, one key at a time, into a question's formula field (cleared first). */
  async function typeFormula(page: Page, id: string, text: string) {
    const field = question(page, id).locator('input.formula-field');
    await field.fill('');
    await field.pressSequentially(text, { delay: 10 });
  }

  async function submitAndWait(page: Page) {
    const before = await page.locator('.quiz-history tbody tr').count();
    await page.locator('form.quiz-form button[type=submit]').click();
    await page.waitForFunction((n) => document.querySelectorAll('.quiz-history tbody tr').length === n + 1, before);
    await page.waitForSelector('form.quiz-form button[type=submit]:not([disabled])');
  }

  const verdict = (page: Page, id: string) => question(page, id).locator('[data-testid=verdict]');

  let laptop: Page;

  it('lets a visitor read a quiz, with its math, but asks them to sign in to submit', async () => {
    laptop = await newPage({ width: 1366, height: 900 });
    await laptop.goto(`${baseURL}/quizzes/${ACTIVATIONS}`);
    await expect(laptop.locator('h1#quiz-title').textContent()).resolves.toBe('Activation functions');
    await expect(question(laptop, 'sigmoid-prime-at-zero').locator('.prompt .katex').count()).resolves.toBeGreaterThan(0);
    await expect(laptop.locator('form.quiz-form button[type=submit]').count()).resolves.toBe(0);
    await expect(laptop.locator('form.quiz-form a[href^="/sign-in"]').textContent()).resolves.toContain('Sign in to submit');
  });

  it('signs up and comes back to the quiz', async () => {
    await laptop.goto(`${baseURL}/sign-up`);
    await laptop.fill('input[name=name]', 'Quinn Student');
    await laptop.fill('input[name=email]', EMAIL);
    await laptop.fill('input[name=password]', PASSWORD);
    await laptop.fill('input[name=joinCode]', joinCode);
    await laptop.click('form.auth-form button[type=submit]');
    await laptop.waitForURL(`${baseURL}/`);
    await laptop.goto(`${baseURL}/quizzes/${ACTIVATIONS}`);
    await laptop.waitForSelector('form.quiz-form button[type=submit]');
  });

  it('English: single, multiple (by keyboard), numeric and a scalar formula with its live preview', async () => {
    await question(laptop, 'dying-relu').locator('label.option', { hasText: 'Its gradient is 0 on every example' }).click();
    // Keyboard only: focus the checkbox and press Space.
    const zc = question(laptop, 'zero-centred');
    await zc.locator('label.option', { hasText: 'Hard-Tanh' }).locator('input').focus();
    await laptop.keyboard.press('Space');
    await zc.locator('label.option', { hasText: '\\tanh(x)' }).locator('input').focus();
    await laptop.keyboard.press('Space');
    await expect(zc.locator('input:checked').count()).resolves.toBe(2);
    await question(laptop, 'sigmoid-prime-at-zero').locator('input').fill('1/4');

    // The preview follows every key: an unclosed parenthesis is pointed at, then the formula renders.
    const preview = question(laptop, 'tanh-derivative').locator('[data-testid=preview]');
    await typeFormula(laptop, 'tanh-derivative', '1 - tanh(x^2');
    await laptop.waitForSelector(`li[data-question="tanh-derivative"] [data-testid=preview][data-state=error]`);
    await expect(preview.locator('.preview-error p').textContent()).resolves.toMatch(/^Column \d+: Expected `\)`/);
    await expect(preview.locator('.column-mark mark').count()).resolves.toBe(1);
    await typeFormula(laptop, 'tanh-derivative', '1 - tanh(x)^2');
    await laptop.waitForSelector(`li[data-question="tanh-derivative"] [data-testid=preview][data-state=ok] .katex`);
    await expect(preview.locator('.katex-mathml annotation').textContent()).resolves.toContain('\\tanh');

    await submitAndWait(laptop);
    for (const id of ['dying-relu', 'zero-centred', 'sigmoid-prime-at-zero', 'tanh-derivative']) {
      await expect(verdict(laptop, id).getAttribute('data-verdict'), id).resolves.toBe('correct');
    }
    await expect(verdict(laptop, 'tanh-derivative').textContent()).resolves.toMatch(/Correct.*1 \/ 1 mark/s);
    await expect(verdict(laptop, 'softplus-derivative').getAttribute('data-verdict')).resolves.toBe('skipped');
    await expect(verdict(laptop, 'softplus-derivative').textContent()).resolves.toMatch(/^Not answered 0 \/ 1 mark$/);
    // 4 of 8 equally weighted questions.
    await expect(laptop.locator('[data-testid=quiz-score]').textContent()).resolves.toBe('50%');
    await laptop.screenshot({ path: path.join(artifacts, 'quiz-graded-en.png'), fullPage: true });
  });

  it('English: a matrix formula, shown with its symbols and shapes; a shape error, then the right answer', async () => {
    await laptop.goto(`${baseURL}/quizzes/${FEEDFORWARD}`);
    const q = question(laptop, 'forward-step');
    await expect(q.locator('[data-testid=symbols]').textContent()).resolves.toMatch(/W_l.*M_l×M_prev = 3×2.*a_prev.*M_prev×1 = 2×1/s);
    await typeFormula(laptop, 'forward-step', 'a_prev^T * W_l + b_l');
    await laptop.waitForSelector(`li[data-question="forward-step"] [data-testid=preview][data-state=error]`);
    await expect(q.locator('.preview-error p').textContent()).resolves.toContain('You multiplied a 1×2');
    await submitAndWait(laptop);
    await expect(verdict(laptop, 'forward-step').getAttribute('data-verdict')).resolves.toBe('incorrect');
    await expect(verdict(laptop, 'forward-step').textContent()).resolves.toMatch(/You multiplied a 1×2 \(1×M_prev\) by a 3×2 \(M_l×M_prev\)/);

    await typeFormula(laptop, 'forward-step', 'W_l * a_prev + b_l');
    await laptop.waitForSelector(`li[data-question="forward-step"] [data-testid=preview][data-state=ok] .katex`);
    await expect(q.locator('[data-testid=preview-shape]').textContent()).resolves.toBe('Its shape: 3×1');
    await submitAndWait(laptop);
    await expect(verdict(laptop, 'forward-step').getAttribute('data-verdict')).resolves.toBe('correct');
    await expect(laptop.locator('.quiz-history tbody tr').count()).resolves.toBe(2);
  });

  it('keeps unsent answers across a reload, and restores the last attempt’s answers', async () => {
    await laptop.reload();
    await expect(question(laptop, 'forward-step').locator('input.formula-field').inputValue()).resolves.toBe('W_l * a_prev + b_l');
    await question(laptop, 'count-layers').locator('input').fill('3');
    await laptop.reload();
    await laptop.waitForSelector('[data-testid=quiz-notice]');
    await expect(question(laptop, 'count-layers').locator('input').inputValue()).resolves.toBe('3');
    await expect(laptop.locator('[data-testid=quiz-notice]').textContent()).resolves.toContain('unsent answers were restored');
  });

  it('shows quiz progress next to the exercises on the course home', async () => {
    await laptop.goto(`${baseURL}/`);
    const item = laptop.locator(`#section-4\\.1 li[data-quiz="${ACTIVATIONS}"]`);
    await expect(item.locator('a').getAttribute('href')).resolves.toBe(`/quizzes/${ACTIVATIONS}`);
    await expect(item.locator('[data-testid=progress]').textContent()).resolves.toMatch(/best 50% · 1 attempt/);
    await expect(laptop.locator(`li[data-quiz="${FEEDFORWARD}"] [data-testid=progress]`).textContent()).resolves.toMatch(/best \d+% · 2 attempts/);
    await expect(laptop.locator('li[data-quiz="backprop-quiz"] [data-testid=progress]').textContent()).resolves.toBe('not attempted');
  });

  it('switches to Chinese; the choice is kept on the account', async () => {
    await laptop.getByRole('button', { name: '中文' }).click();
    await laptop.waitForSelector('html[lang="zh-Hans"]');
  });

  let tablet: Page;

  it('Chinese, on a tablet, in a fresh browser: the language follows the account', async () => {
    tablet = await newPage({ width: 820, height: 1180 });
    await tablet.goto(`${baseURL}/sign-in?next=${encodeURIComponent(`/quizzes/${ACTIVATIONS}`)}`);
    await tablet.fill('input[name=email]', EMAIL);
    await tablet.fill('input[name=password]', PASSWORD);
    await tablet.click('form.auth-form button[type=submit]');
    await tablet.waitForURL(`${baseURL}/quizzes/${ACTIVATIONS}`);
    await tablet.waitForSelector('html[lang="zh-Hans"]');
    await expect(tablet.locator('h1#quiz-title').textContent()).resolves.toBe('激活函数');
    // The last attempt's answers are back, in this browser too.
    await expect(question(tablet, 'sigmoid-prime-at-zero').locator('input').inputValue()).resolves.toBe('1/4');
    // Nothing is wider than the screen.
    await expect(tablet.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
  });

  it('Chinese: every type answered and graded, feedback in Chinese', async () => {
    await question(tablet, 'dying-relu').locator('label.option', { hasText: '它在每个样本上的梯度都为 0' }).click();
    const zc = question(tablet, 'zero-centred');
    // Add a wrong option to the two right ones: partial credit, explained in Chinese.
    await zc.locator('label.option', { hasText: 'Softplus' }).click();
    await question(tablet, 'sigmoid-prime-at-zero').locator('input').fill('0.25');
    await typeFormula(tablet, 'tanh-derivative', '(1 - tanh(x)) * (1 + tanh(x)');
    await tablet.waitForSelector(`li[data-question="tanh-derivative"] [data-testid=preview][data-state=error]`);
    await expect(question(tablet, 'tanh-derivative').locator('.preview-error p').textContent()).resolves.toMatch(/^第 \d+ 列：/);
    await question(tablet, 'tanh-derivative').locator('input.formula-field').press('End');
    await question(tablet, 'tanh-derivative').locator('input.formula-field').pressSequentially(')');
    await tablet.waitForSelector(`li[data-question="tanh-derivative"] [data-testid=preview][data-state=ok] .katex`);
    await submitAndWait(tablet);
    await expect(verdict(tablet, 'dying-relu').textContent()).resolves.toMatch(/正确.*卷面 1 \/ 1 分/s);
    await expect(verdict(tablet, 'zero-centred').getAttribute('data-verdict')).resolves.toBe('partial');
    await expect(verdict(tablet, 'zero-centred').textContent()).resolves.toContain('你选中了 2 个正确选项中的 2 个，另选错 1 个。');
    await expect(verdict(tablet, 'sigmoid-prime-at-zero').getAttribute('data-verdict')).resolves.toBe('correct');
    await expect(verdict(tablet, 'tanh-derivative').getAttribute('data-verdict')).resolves.toBe('correct');
    await expect(verdict(tablet, 'softplus-derivative').textContent()).resolves.toContain('未作答');
    await tablet.screenshot({ path: path.join(artifacts, 'quiz-graded-zh.png'), fullPage: true });
  });

  it('Chinese: a matrix formula with a shape error in Chinese, then the right answer', async () => {
    await tablet.goto(`${baseURL}/quizzes/${FEEDFORWARD}`);
    await typeFormula(tablet, 'forward-step', 'W_l^T * a_prev + b_l');
    await tablet.waitForSelector(`li[data-question="forward-step"] [data-testid=preview][data-state=error]`);
    await expect(question(tablet, 'forward-step').locator('.preview-error p').textContent()).resolves.toContain('你把 2×3');
    await submitAndWait(tablet);
    await expect(verdict(tablet, 'forward-step').textContent()).resolves.toMatch(/不正确.*你把 2×3 \(M_prev×M_l\) 矩阵与 2×1 \(M_prev×1\) 矩阵相乘/s);
    await typeFormula(tablet, 'forward-step', 'b_l + W_l * a_prev');
    await tablet.waitForSelector(`li[data-question="forward-step"] [data-testid=preview][data-state=ok] .katex`);
    await submitAndWait(tablet);
    await expect(verdict(tablet, 'forward-step').textContent()).resolves.toMatch(/^正确/);
    await expect(tablet.locator('.quiz-history tbody tr').count()).resolves.toBe(4);
  });

  it('Chinese: progress on the course home', async () => {
    await tablet.goto(`${baseURL}/`);
    await expect(tablet.locator(`li[data-quiz="${ACTIVATIONS}"] [data-testid=progress]`).textContent()).resolves.toMatch(/最高 \d+% · 2 次尝试/);
    await expect(tablet.locator(`li[data-quiz="${FEEDFORWARD}"] [data-testid=progress]`).textContent()).resolves.toMatch(/最高 \d+% · 4 次尝试/);
  });

  it('never sent a request to another origin, and no script failed', () => {
    const foreign = requests.filter((u) => !u.startsWith(`${baseURL}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    writeFileSync(path.join(artifacts, 'quiz-requests.txt'), `${requests.join('\n')}\n`);
    expect(requests.length).toBeGreaterThan(10);
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
