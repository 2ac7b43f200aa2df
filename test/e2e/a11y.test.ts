import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readMistakeSource } from '../../lib/content/mistakes';
import { launchChromium } from './browser';

/**
 * Accessibility in a real browser: axe-core (through @axe-core/playwright) finds no serious or
 * critical violation on the course home, sign-in, exercise pages with feedback open (a scalar
 * exercise, and mlp-backward with its tables and heatmaps), a quiz with
 * its results, and the staff gradebook — in English and in Chinese (the language cookie is set
 * before the first load), on a laptop (1366×768) and on a phone (390×844).
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const joinCode = inject('joinCode');
const artifacts = inject('artifacts');

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const WRONG_SIGMOID_PRIME = 'export function sigmoidPrime(x: number): number { const s = 1 / (1 + Math.exp(-x)); return s; }';


interface Finding {
  page: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}
const findings: Finding[] = [];

/** Runs axe on what the page shows now; returns the serious and critical violations, one line each. */
async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    findings.push({ page: name, rule: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')) });
  }
  return bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

describe.skipIf(!chromiumPath)('accessibility (axe): no serious or critical violations', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
  });

  afterAll(async () => {
    writeFileSync(path.join(artifacts, 'a11y-findings.json'), `${JSON.stringify(findings, null, 2)}\n`);
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
  });

  /** A fresh browser whose language cookie is set before its first page load. */
  async function freshPage(locale: 'en' | 'zh'): Promise<Page> {
    const context = await browser.newContext({ viewport: LAPTOP });
    contexts.push(context);
    await context.addCookies([{ name: 'deltalab-locale', value: locale, url: baseURL }]);
    return context.newPage();
  }

  /** Scans at laptop size, then at phone size, and fails with every serious finding of both. */
  async function expectClean(page: Page, name: string) {
    await page.setViewportSize(LAPTOP);
    const laptop = await seriousViolations(page, `${name} @1366`);
    await page.setViewportSize(PHONE);
    const phone = await seriousViolations(page, `${name} @390`);
    await page.setViewportSize(LAPTOP);
    expect([...laptop.map((l) => `laptop: ${l}`), ...phone.map((l) => `phone: ${l}`)], name).toEqual([]);
  }

  for (const locale of ['en', 'zh'] as const) {
    const lang = locale === 'en' ? 'en' : 'zh-Hans';
    let student: Page;

    it(`${locale}: course home`, async () => {
      student = await freshPage(locale);
      await student.goto(`${baseURL}/`);
      await student.waitForSelector(`html[lang="${lang}"]`);
      await expectClean(student, `${locale} home`);
    });

    it(`${locale}: sign-in`, async () => {
      await student.goto(`${baseURL}/sign-in`);
      await student.waitForSelector(`html[lang="${lang}"] form.auth-form`);
      await expectClean(student, `${locale} sign-in`);
    });

    it(`${locale}: an exercise page with feedback open`, async () => {
      await student.goto(`${baseURL}/sign-up`);
      await student.fill('input[name=name]', `Ada ${locale}`);
      await student.fill('input[name=email]', `a11y-${locale}@example.com`);
      await student.fill('input[name=password]', 'a11y-pass-2026');
      await student.fill('input[name=joinCode]', joinCode);
      await student.click('form.auth-form button[type=submit]');
      await student.waitForURL(`${baseURL}/`);
      const reply = await student.evaluate(async (code) => {
        const res = await fetch('/api/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exerciseId: 'sigmoid-prime', code, idempotencyKey: `a11y-${Date.now()}` }) });
        return { status: res.status, body: (await res.json()) as { submission?: { status: string } } };
      }, WRONG_SIGMOID_PRIME);
      expect(reply.body.submission?.status, JSON.stringify(reply)).toBe('failed');
      await student.goto(`${baseURL}/exercises/sigmoid-prime`);
      await student.waitForSelector(`html[lang="${lang}"]`);
      // The attempt's feedback, opened from the history: the same feedback the panel shows.
      await student.locator('.history tbody tr').first().getByRole('button').click();
      await student.waitForSelector('.attempt-view .feedback[data-status="failed"]');
      await expectClean(student, `${locale} exercise with feedback`);
    });

    it(`${locale}: an exercise page whose feedback has tables and heatmaps (mlp-backward)`, async () => {
      const code = readMistakeSource(path.join(process.cwd(), 'exercises/4.4-backprop/mlp-backward/.meta/solution.ts'), path.join(process.cwd(), 'exercises/4.4-backprop/mlp-backward/.meta/mistakes/no-hidden-derivative.patch'));
      const reply = await student.evaluate(async (source) => {
        const res = await fetch('/api/submissions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exerciseId: 'mlp-backward', code: source, idempotencyKey: `a11y-mlp-${Date.now()}` }) });
        return { status: res.status, body: (await res.json()) as { submission?: { status: string } } };
      }, code);
      expect(reply.body.submission?.status, JSON.stringify(reply).slice(0, 500)).toBe('failed');
      await student.goto(`${baseURL}/exercises/mlp-backward`);
      await student.waitForSelector(`html[lang="${lang}"]`);
      await student.locator('.history tbody tr').first().getByRole('button').click();
      await student.waitForSelector('.attempt-view .feedback[data-status="failed"]');
      await expectClean(student, `${locale} mlp-backward feedback`);
    });

    it(`${locale}: a quiz with its results`, async () => {
      await student.goto(`${baseURL}/quizzes/activation-functions-quiz`);
      await student.waitForSelector(`html[lang="${lang}"] form.quiz-form button[type=submit]`);
      await student.locator('li.question[data-question="dying-relu"] label.option').first().click();
      await student.locator('li.question[data-question="sigmoid-prime-at-zero"] input').fill('0.25');
      await student.locator('li.question[data-question="tanh-derivative"] input.formula-field').fill('1 - tanh(x)^2');
      await student.locator('form.quiz-form button[type=submit]').click();
      await student.waitForSelector('[data-testid=quiz-result] [data-testid=quiz-score]');
      await student.waitForSelector('[data-verdict="correct"]');
      await expectClean(student, `${locale} quiz with results`);
    });

    it(`${locale}: the staff gradebook`, async () => {
      const staff = await freshPage(locale);
      await staff.goto(`${baseURL}/sign-in?next=${encodeURIComponent('/staff/gradebook')}`);
      await staff.fill('input[name=email]', 'instructor@deltalab.local');
      await staff.fill('input[name=password]', demoInstructorPassword());
      await staff.click('form.auth-form button[type=submit]');
      await staff.waitForURL(`${baseURL}/staff/gradebook`);
      // A saved account preference wins over the cookie; make the account speak this language.
      if ((await staff.locator('html').getAttribute('lang')) !== lang) {
        await staff.getByRole('button', { name: locale === 'en' ? 'English' : '中文' }).click();
        await staff.waitForSelector(`html[lang="${lang}"]`);
      }
      await staff.waitForSelector(`tr[data-student="a11y-${locale}@example.com"]`);
      await expectClean(staff, `${locale} staff gradebook`);
    });
  }
});
