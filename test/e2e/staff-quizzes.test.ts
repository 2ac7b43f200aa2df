import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './browser';
import { signUpFrom } from './student';

/**
 * The staff's quiz tools in a real browser against the production build: a student answers a quiz
 * question wrong; staff find the attempt from the gradebook, read its review (the answer and the
 * feedback the student saw), override the attempt with a reason and find it in the audit log, run
 * a dry-run regrade of the quiz, and read its statistics (the most common wrong answer). Once in
 * English on a laptop, once in Chinese on a phone, with the language cookie set before the first
 * page load, so nothing English leaks into a cold Chinese page.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const QUIZ = 'activation-functions-quiz';
const QUESTION = 'sigmoid-prime-at-zero';

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

const RUNS = [
  {
    locale: 'en' as const,
    viewport: { width: 1366, height: 768 },
    device: 'laptop',
    text: { feedback: /That is [\s\S]*itself/, saved: /^Saved: /, reason: 'marked by hand: the working was right', planned: /^Dry run: \d+ attempts? would be regraded/, times: /×\d+/ },
  },
  {
    locale: 'zh' as const,
    viewport: { width: 390, height: 844 },
    device: 'phone',
    text: { feedback: /这是[\s\S]*本身/, saved: /^已保存：/, reason: '人工批改：推导过程正确', planned: /^试运行/, times: /×\d+/ },
  },
];

describe.skipIf(!chromiumPath)('quiz staff tools in the browser', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  /** A fresh browser with the language cookie (and a session, if given) in place before any page loads. */
  async function coldPage(locale: 'en' | 'zh', viewport: { width: number; height: number }, cookies: { name: string; value: string }[] = []): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    await context.addCookies([...cookies, { name: 'deltalab-locale', value: locale }].map((c) => ({ ...c, url: baseURL })));
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  }

  for (const run of RUNS) {
    describe(`${run.locale} on a ${run.device}`, () => {
      const email = `quiz-staff-${run.locale}-${randomUUID().slice(0, 8)}@example.com`;
      const name = run.locale === 'zh' ? `王测验 ${randomUUID().slice(0, 4)}` : `Quinn Staffcheck ${randomUUID().slice(0, 4)}`;
      let staff: Page;
      const shot = (what: string) => staff.screenshot({ path: path.join(artifacts, `staff-quizzes-${what}-${run.locale}-${run.device}.png`), fullPage: true });

      it('a student answers a quiz question wrong', async () => {
        const res = await signUpFrom(baseURL, { name, email, password: 'student-pass-42', joinCode });
        expect(res.status, res.text).toBe(200);
        const student = await coldPage(run.locale, run.viewport, res.cookies);
        await student.goto(`${baseURL}/quizzes/${QUIZ}`);
        expect(await student.getAttribute('html', 'lang')).toMatch(new RegExp(`^${run.locale}`));
        await student.locator(`li.question[data-question="${QUESTION}"] input`).fill('0.5');
        await student.locator('form.quiz-form button[type=submit]').click();
        await student.waitForSelector('.quiz-history tbody tr');
        expect(await student.getAttribute(`li.question[data-question="${QUESTION}"] [data-testid=verdict]`, 'data-verdict')).not.toBe('correct');
      });

      it('staff find the attempt from the gradebook and read its answers and per-question feedback', async () => {
        staff = await coldPage(run.locale, run.viewport);
        await staff.goto(`${baseURL}/sign-in?next=${encodeURIComponent('/staff/gradebook')}`);
        await staff.fill('input[name=email]', 'instructor@deltalab.local');
        await staff.fill('input[name=password]', demoInstructorPassword());
        await staff.click('form.auth-form button[type=submit]');
        await staff.waitForURL(`${baseURL}/staff/gradebook`);
        await staff.click(`tr[data-student="${email}"] a[href*="quiz=${QUIZ}"]`);
        await staff.waitForURL(/\/staff\/review\?/);
        const question = staff.locator(`[data-question="${QUESTION}"]`).first();
        await expect(question.locator('[data-testid=answer]').textContent()).resolves.toContain('0.5');
        await expect(question.locator('[data-testid=feedback]').textContent()).resolves.toMatch(run.text.feedback);
        await shot('review');
        await expect(staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the review fits the screen').resolves.toBe(true);
      });

      it('overrides the attempt with a reason and finds it in the audit log', async () => {
        const form = staff.locator('[data-testid=quiz-attempt-override]').first();
        await staff.locator('details:has([data-testid=quiz-attempt-override]) > summary').first().click();
        await form.locator('input[name=percent]').fill('80');
        await form.locator('textarea[name=reason]').fill(run.text.reason);
        await form.locator('button[type=submit]').click();
        await expect(form.locator('.form-ok').textContent()).resolves.toMatch(run.text.saved);
        await staff.goto(`${baseURL}/staff/audit?student=${encodeURIComponent(email)}`);
        const row = staff.locator('[data-testid=quiz-audit] tr', { hasText: run.text.reason });
        await expect(row.count()).resolves.toBe(1);
        await expect(row.textContent()).resolves.toContain('80');
        await shot('audit');
        await expect(staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the audit log fits the screen').resolves.toBe(true);
      });

      it('runs a dry-run regrade of the quiz and reads which wrong answer is most common', async () => {
        await staff.goto(`${baseURL}/staff/quizzes/${QUIZ}`);
        await staff.locator('[data-testid=quiz-regrade] button[value=dry-run]').click();
        const summary = staff.locator('[data-testid=quiz-regrade] [data-testid=regrade-summary]');
        await summary.waitFor();
        await expect(summary.textContent()).resolves.toMatch(run.text.planned);
        // Every run of this file answers 0.5, so 0.5 heads the question's wrong answers.
        const top = staff.locator(`[data-testid=quiz-stats] tr[data-question="${QUESTION}"] .quiz-wrong-answers li`).first();
        await expect(top.textContent()).resolves.toContain('0.5');
        await expect(top.textContent()).resolves.toMatch(run.text.times);
        await shot('stats');
        // The page fits the viewport: only its tables scroll sideways.
        await expect(staff.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(true);
        expect(pageErrors).toEqual([]);
      });
    });
  }
});
