import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseCsv } from '../../lib/staff/csv';
import { launchChromium } from './browser';
import { archiveOfferings } from './offering-cleanup';
import { signUpFrom } from './student';

/**
 * A short term, end to end, in a real browser against the production build, as an instructor runs
 * it: create an offering in Asia/Shanghai, import a roster saved as GBK (Excel's "CSV" on Chinese
 * Windows), set a homework whose due date has passed (10% per started day late, closing later),
 * extend it for one student; both students join and submit: one on time by the extension, one
 * late. Then override the late one, run a dry-run regrade, and export: the CSV bytes decode as
 * UTF-8 with the Chinese names and the scores that count.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');

const SOLUTION = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
const PASSWORD = 'Quiet-river-7342-lamp';
const WEI = { email: 'wei-term@example.com', name: '张伟', number: '2027001' };
const NA = { email: 'na-term@example.com', name: '李娜', number: '2027002' };
const DAY = 86_400_000;

/** A wall clock in Asia/Shanghai (UTC+8 all year), as a datetime-local field takes it. */
function shanghai(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

/** Signs up through the real endpoint with the offering's join code; returns the session cookie header. */
async function signUp(who: { email: string; name: string }, joinCode: string): Promise<string> {
  const res = await signUpFrom(baseURL, { name: who.name, email: who.email, password: PASSWORD, joinCode });
  if (res.status !== 200) throw new Error(`sign-up of ${who.email} failed: ${res.status} ${res.text}`);
  return res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

/** Submits through the real API and waits for the verdict. */
async function submit(cookie: string, key: string): Promise<{ status: string; score: number | null }> {
  const res = await fetch(`${baseURL}/api/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseURL, cookie },
    body: JSON.stringify({ exerciseId: 'sigmoid-prime', code: SOLUTION, idempotencyKey: key }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  let sub = ((await res.json()) as { submission: { id: string; status: string; score: number | null } }).submission;
  for (let i = 0; i < 240 && (sub.status === 'queued' || sub.status === 'grading'); i++) {
    await new Promise((r) => setTimeout(r, 500));
    const again = await fetch(`${baseURL}/api/submissions/${sub.id}`, { headers: { cookie } });
    sub = ((await again.json()) as { submission: typeof sub }).submission;
  }
  return sub;
}

describe.skipIf(!chromiumPath)('a short term in the browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let joinCode = '';
  const cookies = { wei: '', na: '' };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium(chromiumPath);
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${baseURL}/sign-in?next=${encodeURIComponent('/staff/offerings')}`);
    await page.fill('input[name=email]', 'instructor@deltalab.local');
    await page.fill('input[name=password]', demoInstructorPassword());
    await page.click('form.auth-form button[type=submit]');
    await page.waitForURL(`${baseURL}/staff/offerings`);
  });

  afterAll(async () => {
    if (page) await archiveOfferings(page, baseURL, /term e2e/);
    await context?.close();
    await browser?.close();
  });

  it('creates an offering in Asia/Shanghai and reads its join code', async () => {
    const form = 'form[aria-label="Create an offering"]';
    await page.fill(`${form} input[name=title]`, 'NNDL ch.4 term e2e');
    await page.fill(`${form} input[name=term]`, 'spring 2027, class 3');
    await page.fill(`${form} input[name=timeZone]`, 'Asia/Shanghai');
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector('text=Created NNDL ch.4 term e2e');
    await page.waitForFunction(() => (document.querySelector('.site-header .offering-switch select') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent?.includes('term e2e'));
    joinCode = ((await page.textContent('.join-code')) ?? '').trim();
    expect(joinCode).toMatch(/^[0-9A-Z]{4}-?[0-9A-Z]{4}$/);
  });

  it('imports a roster saved as GBK, with the Chinese names intact', async () => {
    await page.goto(`${baseURL}/staff/roster`);
    const csv = `email,name,student_id\r\n${WEI.email},${WEI.name},${WEI.number}\r\n${NA.email},${NA.name},${NA.number}\r\n`;
    await page.setInputFiles('input[type=file][name=file]', { name: 'roster.csv', mimeType: 'text/csv', buffer: iconv.encode(csv, 'gbk') });
    await page.click('form.override-form button[type=submit]');
    const result = await page.waitForSelector('form.override-form .form-ok');
    expect(await result.textContent()).toMatch(/2 added/);
    await page.waitForSelector(`td:has-text("${WEI.name}")`);
    expect(await page.textContent('body')).toContain(NA.name);
  });

  it('the two students join with the offering\'s code', async () => {
    cookies.wei = await signUp(WEI, joinCode);
    cookies.na = await signUp(NA, joinCode);
    await page.goto(`${baseURL}/staff/roster`);
    expect(await page.textContent(`tr:has-text("${WEI.email}")`)).toContain(WEI.number);
  });

  it('sets a homework due half a day ago (Shanghai time) with a per-day penalty, and extends it for one student', async () => {
    const now = Date.now();
    await page.goto(`${baseURL}/staff/deadlines`);
    expect(await page.textContent('body')).toContain('Asia/Shanghai');
    const rule = '[data-testid=deadline-form]';
    await page.selectOption(`${rule} select[name=target]`, 'exercise:sigmoid-prime');
    await page.fill(`${rule} input[name=dueAt]`, shanghai(now - DAY / 2));
    await page.fill(`${rule} input[name=closeAt]`, shanghai(now + 3 * DAY));
    await page.selectOption(`${rule} select[name=policy]`, 'per-day');
    await page.fill(`${rule} input[name=percent]`, '10');
    await page.click(`${rule} button[type=submit]`);
    await page.waitForSelector(`${rule} .form-ok`);

    const ext = '[data-testid=extension-form]';
    await page.selectOption(`${ext} select[name=target]`, 'exercise:sigmoid-prime');
    await page.fill(`${ext} textarea[name=students]`, WEI.number);
    await page.fill(`${ext} input[name=dueAt]`, shanghai(now + DAY));
    await page.fill(`${ext} input[name=reason]`, 'medical certificate');
    await page.click(`${ext} button[type=submit]`);
    await page.waitForSelector(`${ext} .form-ok`);
    await page.screenshot({ path: path.join(artifacts, 'term-deadlines-laptop.png'), fullPage: true });
  });

  it('both submit: one on time by the extension, one late with the penalty counted', async () => {
    expect(await submit(cookies.wei, 'term-wei-1')).toMatchObject({ status: 'passed', score: 1 });
    expect(await submit(cookies.na, 'term-na-1')).toMatchObject({ status: 'passed', score: 1 });
    const [header, ...rows] = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(await (await page.request.get(`${baseURL}/api/staff/export/gradebook`)).body()));
    const cell = (name: string) => rows.find((r) => r[header!.indexOf('name')] === name)?.[header!.indexOf('exercise:sigmoid-prime')];
    expect(cell(WEI.name)).toBe('100');
    // Less than a day late at 10% per started day.
    expect(cell(NA.name)).toBe('90');
  });

  it('overrides the late submission from the gradebook, with a reason', async () => {
    await page.goto(`${baseURL}/staff/gradebook`);
    await page.click(`tr:has-text("${NA.name}") a[href*="exercise=sigmoid-prime"]`);
    // The form is folded away in its <details> until staff open it.
    await page.waitForSelector('[data-testid=override-form]', { state: 'attached' });
    await page.click('details:has([data-testid=override-form]) > summary');
    await page.fill('[data-testid=override-form] input[name=percent]', '95');
    await page.fill('[data-testid=override-form] textarea[name=reason]', 'late by a network outage');
    await page.click('[data-testid=override-form] button[type=submit]');
    await page.waitForSelector('[data-testid=override-form] .form-ok');
  });

  it('runs a dry-run regrade and reads what it would change', async () => {
    await page.goto(`${baseURL}/staff/regrade`);
    await page.selectOption('.staff-filters select', 'sigmoid-prime');
    await page.check('[data-testid=dry-run]');
    await page.click('.staff-filters form.staff-actions button[type=submit]');
    await page.waitForSelector('.staff-filters [data-testid=regrade-progress][data-status=done]', { timeout: 120_000 });
    await page.click('.staff-filters a[href^="/staff/regrade/"]');
    const summary = await page.waitForSelector('[data-testid=regrade-summary]');
    // Both solutions are right and the late one is overridden: nobody's score moves.
    expect(await summary.textContent()).toMatch(/No student.s score moves/);
    await page.waitForSelector('[data-testid=apply-regrade]');
  });

  it('exports CSV that decodes as UTF-8 with the names, the late mark, the penalty and the override', async () => {
    const book = await page.request.get(`${baseURL}/api/staff/export/gradebook`);
    expect(book.status()).toBe(200);
    const bytes = await book.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const col = (name: string) => header!.indexOf(name);
    const row = (name: string) => rows.find((r) => r[col('name')] === name);
    expect(row(WEI.name)?.[col('student_id')]).toBe(WEI.number);
    expect(row(WEI.name)?.[col('exercise:sigmoid-prime')]).toBe('100');
    expect(row(NA.name)?.[col('exercise:sigmoid-prime')]).toBe('95');

    const subs = await page.request.get(`${baseURL}/api/staff/export/submissions`);
    const [h, ...lines] = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(await subs.body()));
    const of = (name: string) => lines.find((r) => r[h!.indexOf('name')] === name)!;
    expect(of(WEI.name)[h!.indexOf('late')]).toBe('false');
    expect(of(NA.name)[h!.indexOf('late')]).toBe('true');
    expect(of(NA.name)[h!.indexOf('original_percent')]).toBe('100');
    expect(of(NA.name)[h!.indexOf('final_percent')]).toBe('95');
    expect(pageErrors).toEqual([]);
  });
});
