import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { accountOf, courseRole, INSTRUCTOR, LEARNER, lmsBrowser, person, sessionOf, startLms, waitFor, type LmsFixture } from './lti';

vi.mock('server-only', () => ({}));

/**
 * LTI 1.3 launches over HTTP in Chromium, from the test LMS (test/support/lti-platform.ts) to the
 * production server: the LMS's link posts to deltalab's login initiation, deltalab sends the
 * browser to the LMS's authorization endpoint with state and nonce, the LMS posts the id_token
 * back, and the student lands on the exercise, signed in and enrolled in the course's offering.
 * Then the same inside the LMS's iframe on another site (127.0.0.1 around localhost): with
 * third-party cookies allowed the launch completes in the frame on `SameSite=None; Secure`
 * cookies; with them blocked the frame offers "open in a new window", which completes the launch.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');
const databasePath = inject('databasePath');

const TA = 'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant';
const EXERCISE_TITLE = { en: 'The error term, one layer back', zh: /./ } as const;
const FALLBACK = { en: 'Open in a new window', zh: '在新窗口中打开' } as const;

describe.skipIf(!chromiumPath)('LTI launch in the browser', () => {
  let lms: LmsFixture;

  beforeAll(async () => {
    lms = await startLms(baseURL, databasePath);
    const roleOf = (hint: string) => (hint.startsWith('badge-instructor') ? INSTRUCTOR : hint.startsWith('badge-ta') ? TA : LEARNER);
    lms.platform.launchFor = (hint) => person(hint, `Student ${hint}`, roleOf(hint), { locale: hint.includes('zh') ? 'zh-CN' : 'en-US', 'https://purl.imsglobal.org/spec/lti/claim/custom': { deltalab_item: 'exercise:error-term' } });
  });
  afterAll(async () => {
    await lms?.close();
  });

  async function expectSignedInStudent(page: Page, sub: string) {
    const session = await sessionOf(page, baseURL);
    expect(session?.user?.name).toBe(`Student ${sub}`);
    const account = await accountOf(lms.db, lms.platform.issuer, sub);
    expect(account?.id).toBe(session?.user?.id);
    expect(account?.role).toBe('student');
    expect((await courseRole(lms.db, lms.courseTitle, account!.id))?.role).toBe('student');
  }

  for (const [locale, phone, method] of [
    ['en', false, 'post'],
    ['zh', true, 'get'],
  ] as const) {
    it(`${locale}${phone ? ', phone' : ''}: a link in the LMS (login initiation by ${method.toUpperCase()}) ends on the exercise, signed in, in the course's offering`, async () => {
      const context = await lmsBrowser(chromiumPath, { locale, phone, thirdPartyCookies: 'blocked' });
      const page = await context.newPage();
      const sub = `top-${locale}`;
      const launchPosts: number[] = [];
      page.on('response', (res) => {
        if (res.url() === `${baseURL}/api/lti/launch`) launchPosts.push(res.status());
      });
      await page.goto(`${lms.platform.url}/launch?hint=${sub}&method=${method}`);
      await page.waitForURL(`${baseURL}/exercises/error-term`);
      expect(launchPosts).toEqual([303]);
      await expect.poll(() => page.locator('h1').first().textContent()).toMatch(EXERCISE_TITLE[locale]);
      expect(await page.locator('html').getAttribute('lang')).toMatch(locale === 'zh' ? /^zh/ : /^en/);
      await expectSignedInStudent(page, sub);
      await page.screenshot({ path: path.join(artifacts, `lti-launch-${locale}-${phone ? 'phone' : 'laptop'}.png`) });

      // The same person launching again keeps their account.
      await page.goto(`${lms.platform.url}/launch?hint=${sub}`);
      await page.waitForURL(`${baseURL}/exercises/error-term`);
      expect((await accountOf(lms.db, lms.platform.issuer, sub))?.id).toBe((await sessionOf(page, baseURL))?.user?.id);
      await context.close();
    });
  }

  // The header names the person's role in the course's offering (not the site role 'staff' an LMS
  // instructor gets), and the offering switcher keeps its select apart from its button.
  for (const [locale, phone] of [
    ['en', false],
    ['zh', false],
    ['en', true],
    ['zh', true],
  ] as const) {
    it(`${locale}${phone ? ', phone' : ''}: an LMS Instructor's badge says instructor, a TeachingAssistant's TA; the switcher has a gap`, async () => {
      const badges = { en: { instructor: 'instructor', ta: 'TA' }, zh: { instructor: '教师', ta: '助教' } }[locale];
      for (const role of ['instructor', 'ta'] as const) {
        const context = await lmsBrowser(chromiumPath, { locale, phone, thirdPartyCookies: 'blocked' });
        await context.addCookies([{ name: 'deltalab-locale', value: locale, url: baseURL }]);
        const page = await context.newPage();
        const sub = `badge-${role}-${locale}-${phone ? 'phone' : 'laptop'}`;
        await page.goto(`${lms.platform.url}/launch?hint=${sub}`);
        await page.waitForURL(`${baseURL}/exercises/error-term`);
        expect((await courseRole(lms.db, lms.courseTitle, (await accountOf(lms.db, lms.platform.issuer, sub))!.id))?.role).toBe(role);
        expect(await page.locator('.site-header .role-badge').textContent()).toBe(badges[role]);
        const select = await page.locator('.offering-switch select').boundingBox();
        const button = await page.locator('.offering-switch button').boundingBox();
        expect(select && button).toBeTruthy();
        // Side by side, or the button wrapped below: either way they do not touch.
        const apart = button!.x >= select!.x + select!.width + 6 || button!.y >= select!.y + select!.height + 4;
        expect(apart).toBe(true);
        await page.locator('.site-header').screenshot({ path: path.join(artifacts, `lti-header-${role}-${locale}-${phone ? 'phone' : 'laptop'}.png`) });
        await context.close();
      }
    });
  }

  async function toolFrame(page: Page, urlPrefix: string): Promise<Frame> {
    return waitFor(`the tool's frame at ${urlPrefix}`, () => page.frames().find((f) => f.url().startsWith(urlPrefix) && f !== page.mainFrame()));
  }

  it('inside the LMS iframe on another site: the launch completes in the frame on SameSite=None; Secure cookies', async () => {
    const context = await lmsBrowser(chromiumPath, { locale: 'en', phone: false, thirdPartyCookies: 'allowed' });
    const page = await context.newPage();
    const sub = 'framed-en';
    // The LMS's page on 127.0.0.1, deltalab on localhost: another site, as an LMS is.
    await page.goto(`${lms.platform.url.replace('localhost', '127.0.0.1')}/course?hint=${sub}`);
    const frame = await toolFrame(page, `${baseURL}/exercises/error-term`);
    await frame.waitForSelector('h1');
    expect(await frame.locator('h1').first().textContent()).toBe(EXERCISE_TITLE.en);
    const cookies = await context.cookies(baseURL);
    const session = cookies.find((c) => /session_token$/.test(c.name));
    expect(session).toMatchObject({ sameSite: 'None', secure: true, httpOnly: true });
    // The state cookie of the login was used once and removed.
    expect(cookies.filter((c) => c.name.startsWith('deltalab-lti-state'))).toEqual([]);
    // The page's own later requests, from inside the frame, carry the session too.
    const inFrame = await frame.evaluate(async () => ((await (await fetch('/api/auth/get-session', { credentials: 'include' })).json()) as { user?: { name: string } } | null)?.user?.name);
    expect(inFrame).toBe(`Student ${sub}`);
    const account = await accountOf(lms.db, lms.platform.issuer, sub);
    expect((await courseRole(lms.db, lms.courseTitle, account!.id))?.role).toBe('student');
    await page.screenshot({ path: path.join(artifacts, 'lti-iframe-en-laptop.png') });
    await context.close();
  });

  describe('third-party cookies blocked (no cookie for localhost inside a 127.0.0.1 page)', () => {
    for (const [locale, phone] of [
      ['en', false],
      ['zh', true],
    ] as const) {
      it(`${locale}${phone ? ', phone' : ''}: the frame offers a new window (never a blank page), and the new window completes the launch`, async () => {
        const context = await lmsBrowser(chromiumPath, { locale, phone, thirdPartyCookies: 'blocked' });
        const page = await context.newPage();
        const sub = `blocked-${locale}`;
        await page.goto(`${lms.platform.url.replace('localhost', '127.0.0.1')}/course?hint=${sub}`);
        const frame = await toolFrame(page, `${baseURL}/api/lti/launch`);
        const button = frame.locator('#lti-new-window');
        await button.waitFor();
        expect((await button.textContent())?.trim()).toBe(FALLBACK[locale]);
        expect(await frame.locator('h1').textContent()).toBeTruthy();
        expect(await accountOf(lms.db, lms.platform.issuer, sub)).toBeUndefined();
        await page.screenshot({ path: path.join(artifacts, `lti-blocked-${locale}-${phone ? 'phone' : 'laptop'}.png`) });

        const [popup] = await Promise.all([context.waitForEvent('page'), phone ? button.tap() : button.click()]);
        await popup.waitForURL(`${baseURL}/exercises/error-term`);
        await expectSignedInStudent(popup, sub);
        await popup.screenshot({ path: path.join(artifacts, `lti-blocked-window-${locale}-${phone ? 'phone' : 'laptop'}.png`) });
        await context.close();
      });
    }
  });
});
