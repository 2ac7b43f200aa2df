import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TestPlatform } from '../support/lti-platform';
import { launchChromium } from './browser';
import { archiveOfferings } from './offering-cleanup';

/**
 * The staff's LMS connections page in a real browser against the production build, with the test
 * LMS (test/support/lti-platform.ts) served on localhost: the demo instructor registers the LMS
 * with the form (a bad field first, refused by name), reads and copies deltalab's values, rotates
 * the signing key (the JWKS endpoint then lists both keys); the LMS's instructor launches deltalab
 * (a real OIDC launch), syncs the roster over NRPS pages, and resends a score that failed while
 * the LMS was down. In English on a laptop, and in Chinese on a phone (language cookie set before
 * the first load). Screenshots go to the artifacts folder.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const QUIZ = 'activation-functions-quiz';
const COURSE = `LTI e2e course ${Date.now().toString(36)}`;
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

function demoInstructorPassword(): string {
  const log = readFileSync(path.join(artifacts, 'server.log'), 'utf8');
  const m = /demo instructor\s+instructor@deltalab\.local \/ (\S+)/.exec(log);
  if (!m) throw new Error('the server log does not show the demo instructor (was the database not fresh?)');
  return m[1]!;
}

async function signInAsDemoInstructor(page: Page, next: string) {
  await page.goto(`${baseURL}/sign-in?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', 'instructor@deltalab.local');
  await page.fill('input[name=password]', demoInstructorPassword());
  await page.click('form.auth-form button[type=submit]');
  await page.waitForURL(`${baseURL}${next}`);
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** axe-core's serious and critical findings on what the page shows now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The page does not scroll sideways: long URLs and key ids wrap. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe.skipIf(!chromiumPath)('LMS connections page in the browser', () => {
  const platform = new TestPlatform();
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await platform.start();
    platform.toolJwks = `${baseURL}/api/lti/jwks`;
    platform.pageSize = 2;
    platform.members = [
      { user_id: 'teacher-e2e', roles: [INSTRUCTOR], name: 'Tess Teacher' },
      { user_id: 'student-e2e', roles: [LEARNER], name: 'Sam Student' },
      { user_id: 'student-e2e-2', roles: [LEARNER], name: '李 雷', email: `li-${Date.now()}@lms.example` },
      { user_id: 'student-e2e-3', roles: [LEARNER], name: 'Una Student' },
      { user_id: 'ta-e2e', roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'], name: 'Tao TA' },
    ];
    const context = { id: `ctx-${Date.now()}`, label: 'E2E', title: COURSE };
    platform.launchFor = (hint) =>
      hint === 'teacher'
        ? { sub: 'teacher-e2e', name: 'Tess Teacher', email: undefined, [`${LTI}roles`]: [INSTRUCTOR], [`${LTI}context`]: context, [`${LTI}target_link_uri`]: `${baseURL}/api/lti/launch` }
        : {
            sub: 'student-e2e',
            name: 'Sam Student',
            email: undefined,
            [`${LTI}context`]: context,
            [`${LTI}target_link_uri`]: `${baseURL}/api/lti/launch`,
            [`${LTI}resource_link`]: { id: 'e2e-quiz-link', title: 'Quiz' },
            [`${LTI}custom`]: { deltalab_item: `quiz:${QUIZ}` },
            'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'], lineitems: `${platform.url}/lineitems`, lineitem: `${platform.url}/lineitems/e2e` },
          };
    browser = await launchChromium(chromiumPath);
    admin = await browser.newContext({ viewport: LAPTOP });
    await admin.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    page = await admin.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await signInAsDemoInstructor(page, '/staff/lti');
  });

  afterAll(async () => {
    if (page) await archiveOfferings(page, baseURL, new RegExp(COURSE));
    await browser?.close();
    await platform.stop();
  });

  it('English, laptop: registers the LMS with the form, copies the values, rotates the key', async () => {
    await expect(page.locator('h1').textContent()).resolves.toBe('LMS connections (LTI 1.3)');
    const values = page.getByTestId('tool-values');
    await expect(values.locator('code').allTextContents()).resolves.toEqual([`${baseURL}/api/lti/login`, `${baseURL}/api/lti/launch`, `${baseURL}/api/lti/jwks`, `${baseURL}/api/lti/launch`]);
    await values.getByRole('button', { name: 'Copy' }).first().click();
    await expect(values.getByText('Copied').count()).resolves.toBe(1);
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(`${baseURL}/api/lti/login`);

    const form = page.getByTestId('register-platform');
    if (!(await form.isVisible())) await page.locator('summary', { hasText: 'Register a platform' }).click();
    await form.locator('[name=name]').fill('Test LMS e2e');
    await form.locator('[name=issuer]').fill(platform.issuer);
    await form.locator('[name=clientId]').fill(platform.clientId);
    await form.locator('[name=deploymentIds]').fill(platform.deploymentId);
    await form.locator('[name=authUrl]').fill(`${platform.url}/auth`);
    // Plain http to another machine is refused, by name, and nothing is registered.
    await form.locator('[name=tokenUrl]').fill('http://lms.example.com/token');
    await form.locator('[name=jwksUrl]').fill(`${platform.url}/jwks`);
    await form.getByRole('button', { name: 'Register' }).click();
    await expect(form.locator('[data-field-error=tokenUrl]').textContent()).resolves.toBe('Must start with https:// (plain http only on localhost).');
    await expect(form.locator('[name=tokenUrl]').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.screenshot({ path: path.join(artifacts, 'lti-staff-en-refused-laptop.png'), fullPage: true });

    await form.locator('[name=tokenUrl]').fill(`${platform.url}/token`);
    await form.getByRole('button', { name: 'Register' }).click();
    await page.locator(`[data-testid=platforms] li[data-platform="${platform.issuer}"]`).waitFor();
    await expect(page.locator(`[data-testid=platforms] li[data-platform="${platform.issuer}"]`).textContent()).resolves.toContain(platform.deploymentId);

    // The JWKS endpoint makes deltalab's first key when there is none yet.
    expect((await fetch(`${baseURL}/api/lti/jwks`)).status).toBe(200);
    await page.reload();
    const keysBefore = await page.locator('[data-testid=keys] li code').allTextContents();
    expect(keysBefore.length).toBeGreaterThanOrEqual(1);
    await page.getByTestId('rotate-key').click();
    await until('the new key on the page', async () => (await page.locator('[data-testid=keys] li').count()) === keysBefore.length + 1);
    const shown = await page.locator('[data-testid=keys] li code').allTextContents();
    const current = await page.locator('[data-testid=keys] li[data-current] code').allTextContents();
    expect(current).toHaveLength(1);
    // The JWKS endpoint lists the new key and the one it replaced.
    const jwks = (await (await fetch(`${baseURL}/api/lti/jwks`)).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([...shown].sort());
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    expect(jwks.keys.some((k) => k.d)).toBe(false);
    await expect(page.locator('[data-testid=lti-audit] li').first().getAttribute('data-action')).resolves.toBe('key.rotate');
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'lti-staff-en-laptop.png'), fullPage: true });
  });

  it('English, laptop: the LMS instructor syncs the roster over NRPS pages and resends a failed score', async () => {
    // A real launch: login initiation → the LMS's auth endpoint → the id_token posted back.
    const teacher = await browser.newContext({ viewport: LAPTOP });
    const tp = await teacher.newPage();
    tp.on('pageerror', (e) => pageErrors.push(e.message));
    tp.on('dialog', (d) => void d.accept());
    const login = new URLSearchParams({ iss: platform.issuer, login_hint: 'teacher', target_link_uri: `${baseURL}/api/lti/launch`, client_id: platform.clientId });
    await tp.goto(`${baseURL}/api/lti/login?${login}`);
    await tp.waitForURL((u) => u.origin === baseURL && !u.pathname.startsWith('/api/lti'));
    await tp.goto(`${baseURL}/staff/lti`);
    await expect(tp.getByTestId('linked-courses').textContent()).resolves.toContain(COURSE);
    await expect(tp.getByTestId('linked-courses').textContent()).resolves.toContain('Never synced');

    await tp.getByTestId('sync-roster').click();
    await tp.getByTestId('roster-synced').waitFor();
    // Five members over three pages: four new to the offering (the teacher was there from the launch).
    await expect(tp.getByTestId('roster-synced').textContent()).resolves.toBe('Roster synced: 4 added, 0 updated, 0 deactivated (5 active in the LMS).');
    await until('the synced time', async () => !(await tp.getByTestId('linked-courses').textContent())?.includes('Never synced'));

    // The student's quiz attempt while the LMS is down: the score waits, failing, with the error.
    platform.down = true;
    const student = await browser.newContext({ viewport: LAPTOP });
    const sp = await student.newPage();
    await sp.goto(`${baseURL}/api/lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'student', target_link_uri: `${baseURL}/api/lti/launch`, client_id: platform.clientId })}`);
    await sp.waitForURL(`${baseURL}/quizzes/${QUIZ}`);
    const status = await sp.evaluate(async (quiz) => (await fetch(`/api/quizzes/${quiz}/attempts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ answers: {} }) })).status, QUIZ);
    expect(status).toBe(200);
    const row = tp.locator('[data-testid=scores] tr[data-item="activation-functions-quiz"]');
    await until(
      'the failed delivery on the page',
      async () => {
        await tp.reload();
        return (await row.getAttribute('data-state').catch(() => null)) === 'failing';
      },
      90_000,
    );
    await expect(row.textContent()).resolves.toMatch(/Sam Student.*Quiz: activation-functions-quiz.*0\/10.*failing.*Last error: token endpoint answered 503.*never/);
    await tp.screenshot({ path: path.join(artifacts, 'lti-staff-en-failing-laptop.png'), fullPage: true });
    expect(await seriousViolations(tp)).toEqual([]);
    expect(platform.scores).toHaveLength(0);

    platform.down = false;
    await row.getByTestId('resend-score').click();
    await until(
      'the resent score at the LMS',
      async () => platform.scores.length > 0,
      60_000,
    );
    await until('the row marked sent', async () => {
      await tp.reload();
      return (await row.getAttribute('data-state').catch(() => null)) === 'sent';
    });
    expect(platform.scores.map((s) => [s.lineItem, s.body.userId, s.body.scoreGiven, s.body.scoreMaximum])).toEqual([[`${platform.url}/lineitems/e2e`, 'student-e2e', 0, 10]]);
    await expect(tp.locator('[data-testid=lti-audit] li').first().getAttribute('data-action')).resolves.toBe('score.resend');
    expect(await fitsWidth(tp)).toBe(true);
    await tp.screenshot({ path: path.join(artifacts, 'lti-staff-en-sent-laptop.png'), fullPage: true });
    await teacher.close();
    await student.close();
  });

  it('Chinese, phone: the page and its refusals in Chinese, nothing wider than the screen', async () => {
    const zh = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    await zh.addCookies([{ name: 'deltalab-locale', value: 'zh', url: baseURL }]);
    const zp = await zh.newPage();
    zp.on('pageerror', (e) => pageErrors.push(e.message));
    await signInAsDemoInstructor(zp, '/staff/lti');
    await expect(zp.locator('h1').textContent()).resolves.toBe('LMS 连接（LTI 1.3）');
    await expect(zp.getByTestId('tool-values').getByRole('button', { name: '复制' }).count()).resolves.toBe(4);
    await expect(zp.locator(`[data-testid=platforms] li[data-platform="${platform.issuer}"]`).count()).resolves.toBe(1);
    await zp.locator('summary', { hasText: '注册平台' }).click();
    const form = zp.getByTestId('register-platform');
    await form.locator('[name=issuer]').fill('不是网址');
    await form.getByRole('button', { name: '注册', exact: true }).click();
    await expect(form.locator('[data-field-error=name]').textContent()).resolves.toBe('必填。');
    await expect(form.locator('[data-field-error=issuer]').textContent()).resolves.toBe('不是网址（应以 https:// 开头）。');
    await expect(form.locator('[role=status]').last().textContent()).resolves.toContain('请检查标出的字段。');
    expect(await fitsWidth(zp)).toBe(true);
    await zp.screenshot({ path: path.join(artifacts, 'lti-staff-zh-phone.png'), fullPage: true });
    expect(await seriousViolations(zp)).toEqual([]);

    // Removing the platform (confirmed) takes it off the list; the change is in the log.
    zp.on('dialog', (d) => void d.accept());
    await zp.locator(`[data-testid=platforms] li[data-platform="${platform.issuer}"]`).getByRole('button', { name: '删除' }).click();
    await until('the platform gone', async () => (await zp.locator(`[data-testid=platforms] li[data-platform="${platform.issuer}"]`).count()) === 0);
    await expect(zp.locator('[data-testid=lti-audit] li').first().textContent()).resolves.toContain('删除了 Test LMS e2e');
    await zp.screenshot({ path: path.join(artifacts, 'lti-staff-zh-removed-phone.png'), fullPage: true });
    await zh.close();
    expect(pageErrors).toEqual([]);
  });
});
