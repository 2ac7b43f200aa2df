import path from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { CATALOG } from '../../lib/i18n/catalog';
import { INSTRUCTOR, LEARNER, lmsBrowser, person, startLms, waitFor, type LmsFixture } from './lti';
import { retypeMonacoLine, RIGHT, STARTER_LINE, waitForMonaco, waitForVerdict } from './student';

vi.mock('server-only', () => ({}));

/**
 * Deep linking and grade passback over HTTP in Chromium. An instructor adds an activity in the
 * test LMS: the LtiDeepLinkingRequest launch lands on deltalab's picker, the choice goes back as a
 * signed LtiDeepLinkingResponse the LMS verifies against deltalab's JWKS, and the LMS makes a
 * resource link with a line item for each item. A student then launches that link, submits a
 * right answer, and the score arrives at the line item's `/scores` endpoint, sent by the server's
 * own delivery loop with a client-credentials token (RFC 7523 assertion).
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');
const databasePath = inject('databasePath');
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';

describe.skipIf(!chromiumPath)('LTI deep linking and grade passback in the browser', () => {
  let lms: LmsFixture;

  beforeAll(async () => {
    lms = await startLms(baseURL, databasePath);
    lms.platform.launchFor = (hint, message) => {
      if (message === 'deep-link') {
        return person(hint, `Teacher ${hint}`, INSTRUCTOR, {
          locale: hint.endsWith('zh') ? 'zh-CN' : 'en-US',
          [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
          [`${LTI}resource_link`]: undefined,
          [`${LTI}custom`]: undefined,
          [`${DL}deep_linking_settings`]: {
            deep_link_return_url: `${lms.platform.url}/deep-link-return`,
            accept_types: ['ltiResourceLink'],
            accept_presentation_document_targets: ['iframe', 'window'],
            accept_multiple: true,
            accept_lineitem: true,
            data: `opaque-${hint}`,
          },
        });
      }
      // A launch of a link the LMS made from deltalab's response: its custom parameters and line item.
      const link = lms.platform.links.find((l) => l.id === message)!;
      return person(hint, `Student ${hint}`, LEARNER, {
        [`${LTI}resource_link`]: { id: link.id, title: link.title },
        [`${LTI}custom`]: link.custom,
        [AGS]: {
          scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
          lineitems: `${lms.platform.url}/lineitems`,
          lineitem: link.lineItem?.id,
        },
      });
    };
  });
  afterAll(async () => {
    await lms?.close();
  });

  for (const [locale, phone] of [
    ['zh', true],
    ['en', false],
  ] as const) {
    it(`${locale}${phone ? ', phone' : ''}: an instructor picks items; the LMS receives a signed response it verifies with deltalab's JWKS`, async () => {
      const t = CATALOG[locale].lti;
      const context = await lmsBrowser(chromiumPath, { locale, phone, thirdPartyCookies: 'blocked' });
      const page = await context.newPage();
      const sub = `teacher-${locale}`;
      await page.goto(`${lms.platform.url}/launch?hint=${sub}&message=deep-link`);
      await page.waitForURL(new RegExp(`^${baseURL}/lti/deep-link/`));
      expect(await page.locator('h1').textContent()).toBe(t.deepLinkTitle);
      await page.screenshot({ path: path.join(artifacts, `lti-picker-${locale}-${phone ? 'phone' : 'laptop'}.png`), fullPage: false });
      const noWiderThanPage = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      expect(noWiderThanPage).toBe(true);
      // Titles in the instructor's language (they become the LMS's column labels).
      expect(await page.locator('li:has(input[value="exercise:error-term"])').textContent()).toContain(locale === 'zh' ? '误差项：向后传一层' : 'The error term, one layer back');
      // The long list never hides the button: it stays in view before any scrolling.
      const button = await page.getByRole('button', { name: t.deepLinkSubmit }).boundingBox();
      expect(button!.y + button!.height).toBeLessThanOrEqual(phone ? 844 : 768);

      // The instructor's session cookie is SameSite=None: a post from another origin is refused,
      // and the request stays open for the real choice.
      const forged = await page.request.post(page.url().replace('/lti/deep-link/', '/api/lti/deep-link/'), { headers: { origin: lms.platform.url }, form: { item: 'quiz:backprop-quiz' } });
      expect(forged.status()).toBe(403);

      const before = lms.platform.deepLinkResponses.length;
      const chosen = locale === 'en' ? ['exercise:error-term', 'quiz:backprop-quiz'] : ['quiz:backprop-quiz'];
      for (const value of chosen) await page.locator(`input[name=item][value="${value}"]`).check();
      await Promise.all([page.waitForURL(`${lms.platform.url}/deep-link-return`), page.getByRole('button', { name: t.deepLinkSubmit }).click()]);
      expect(await page.locator('#dl-done').textContent()).toBe(`Received ${chosen.length} item(s)`);

      expect(lms.platform.deepLinkResponses.length).toBe(before + 1);
      const response = lms.platform.deepLinkResponses.at(-1)!;
      expect(response).toMatchObject({
        iss: lms.platform.clientId,
        aud: lms.platform.issuer,
        [`${LTI}message_type`]: 'LtiDeepLinkingResponse',
        [`${LTI}version`]: '1.3.0',
        [`${LTI}deployment_id`]: lms.platform.deploymentId,
        [`${DL}data`]: `opaque-${sub}`,
      });
      expect(typeof response.nonce).toBe('string');
      const items = response[`${DL}content_items`] as Record<string, unknown>[];
      expect(items.map((i) => (i.custom as Record<string, string>).deltalab_item)).toEqual(chosen);
      for (const item of items) {
        expect(item).toMatchObject({ type: 'ltiResourceLink', url: `${baseURL}/api/lti/launch` });
        const lineItem = item.lineItem as { scoreMaximum: number; label: string };
        expect(lineItem.label).toBe(item.title);
        expect(lineItem.scoreMaximum).toBeGreaterThan(0);
      }
      if (locale === 'en') {
        expect(items[0]).toMatchObject({ title: 'The error term, one layer back', lineItem: { scoreMaximum: 10, label: 'The error term, one layer back' } });
        expect(items[1]).toMatchObject({ lineItem: { scoreMaximum: 15 } });
      }
      await context.close();
    });
  }

  it('the JWT the LMS received is signed with a key deltalab publishes at its JWKS URL', async () => {
    const jwt = lms.platform.deepLinkJwts.at(-1)!;
    const { kid } = decodeProtectedHeader(jwt);
    const jwks = (await (await fetch(`${baseURL}/api/lti/jwks`)).json()) as { keys: { kid: string; alg: string; use: string }[] };
    expect(jwks.keys.find((k) => k.kid === kid)).toMatchObject({ alg: 'RS256', use: 'sig' });
    await expect(jwtVerify(jwt, createRemoteJWKSet(new URL(`${baseURL}/api/lti/jwks`)), { issuer: lms.platform.clientId, audience: lms.platform.issuer })).resolves.toBeTruthy();
  });

  it('a student launched from the placed exercise submits a right answer; the score arrives at its line item', async () => {
    const link = lms.platform.links.find((l) => l.custom.deltalab_item === 'exercise:error-term')!;
    expect(link.lineItem).toMatchObject({ scoreMaximum: 10 });
    const context = await lmsBrowser(chromiumPath, { locale: 'en', phone: false, thirdPartyCookies: 'blocked' });
    const page = await context.newPage();
    const sub = 'student-scores';
    await page.goto(`${lms.platform.url}/launch?hint=${sub}&message=${link.id}`);
    await page.waitForURL(`${baseURL}/exercises/error-term`);
    await waitForMonaco(page);
    await retypeMonacoLine(page, STARTER_LINE, RIGHT);
    const submittedAt = Date.now();
    await page.getByRole('button', { name: /^Submit/ }).click();
    await waitForVerdict(page);
    await page.screenshot({ path: path.join(artifacts, 'lti-scored-en-laptop.png') });

    // The server's delivery loop sends it; the test only waits for the LMS to have it.
    const received = await waitFor('the score at the line item', () => lms.platform.scores.find((s) => s.lineItem === link.lineItem!.id));
    expect(received.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(received.body).toMatchObject({ userId: sub, scoreGiven: 10, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    const timestamp = Date.parse(String(received.body.timestamp));
    expect(timestamp).toBeGreaterThanOrEqual(submittedAt - 1000);
    expect(String(received.body.timestamp)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    expect(lms.platform.tokensIssued).toBeGreaterThan(0);
    await context.close();
  });
});
