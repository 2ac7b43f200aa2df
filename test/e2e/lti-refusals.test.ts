import path from 'node:path';
import { generateKeyPair, type CryptoKey } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { CATALOG } from '../../lib/i18n/catalog';
import type { LaunchErrorCode } from '../../lib/lti/errors';
import type { Bend } from '../support/lti-platform';
import { accountOf, LEARNER, lmsBrowser, person, startLms, type LmsFixture } from './lti';

vi.mock('server-only', () => ({}));

/**
 * Launches deltalab must refuse, driven over HTTP in Chromium from the test LMS, which bends one
 * thing of an otherwise good launch: the signing key, the kid, the audience, the expiry, the nonce
 * (a replayed token), the deployment, the state, the message type. Each ends on deltalab's error
 * page in the reader's language with its code, status 400, and no account made for the person.
 */

const baseURL = inject('baseURL');
const chromiumPath = inject('chromium');
const artifacts = inject('artifacts');
const databasePath = inject('databasePath');
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

describe.skipIf(!chromiumPath)('LTI launches refused over HTTP', () => {
  let lms: LmsFixture;
  let strangerKey: CryptoKey;

  beforeAll(async () => {
    lms = await startLms(baseURL, databasePath);
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    lms.platform.launchFor = (hint) => person(hint, `Person ${hint}`, LEARNER);
  });
  afterAll(async () => {
    await lms?.close();
  });

  /** Launches from the LMS with `bend` applied; returns the launch response's status. */
  async function launch(page: Page, sub: string, bend: Bend): Promise<number> {
    lms.platform.bend = (hint) => (hint === sub ? bend : undefined);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${baseURL}/api/lti/launch`), page.goto(`${lms.platform.url}/launch?hint=${encodeURIComponent(sub)}`)]);
    await page.waitForLoadState('load');
    return response.status();
  }

  const cases: { code: LaunchErrorCode; name: string; bend: () => Bend | Promise<Bend> }[] = [
    { code: 'bad_signature', name: 'a token signed with another key under the platform’s kid', bend: () => ({ token: { key: strangerKey } }) },
    { code: 'unknown_key', name: 'a kid the platform’s JWKS does not list, even after one refresh', bend: () => ({ token: { kid: 'no-such-key' } }) },
    { code: 'wrong_audience', name: 'a token for another client', bend: () => ({ token: { aud: 'someone-else' } }) },
    { code: 'expired', name: 'a token that expired 5 minutes ago (past the 60 s skew)', bend: () => ({ token: { iatOffsetS: -600, expOffsetS: 300 } }) },
    { code: 'wrong_deployment', name: 'a deployment that is not registered', bend: () => ({ claims: { [`${LTI}deployment_id`]: 'deployment-9' } }) },
    { code: 'state_mismatch', name: 'a state deltalab never issued', bend: () => ({ state: 'made-up-state' }) },
    { code: 'wrong_target_link', name: 'a target link on another site', bend: () => ({ claims: { [`${LTI}target_link_uri`]: 'https://elsewhere.example/api/lti/launch' } }) },
    { code: 'unsupported_message_type', name: 'a message type deltalab does not handle', bend: () => ({ claims: { [`${LTI}message_type`]: 'LtiSubmissionReviewRequest' } }) },
  ];

  for (const [locale, phone] of [
    ['en', false],
    ['zh', true],
  ] as const) {
    describe(`${locale}${phone ? ', phone' : ''}`, () => {
      let context: BrowserContext;
      let page: Page;
      const t = CATALOG[locale].lti;

      beforeAll(async () => {
        context = await lmsBrowser(chromiumPath, { locale, phone, thirdPartyCookies: 'blocked' });
        page = await context.newPage();
        // One good launch first, so deltalab holds the platform's keys and an unknown kid is a refresh.
        await page.goto(`${lms.platform.url}/launch?hint=warm-${locale}`);
        await page.waitForURL(`${baseURL}/exercises/sigmoid-prime`);
        await context.clearCookies();
      });
      afterAll(async () => {
        await context?.close();
      });

      async function expectErrorPage(code: LaunchErrorCode, sub: string) {
        expect(await page.title()).toBe(t.errorTitle);
        expect(await page.locator('h1').textContent()).toBe(t.errorTitle);
        expect(await page.locator('#lti-error').textContent()).toBe(t.error[code]);
        expect(await page.locator('code').textContent()).toBe(t.errorCode.replace('{code}', code));
        expect(await page.locator('html').getAttribute('lang')).toMatch(locale === 'zh' ? /^zh/ : /^en/);
        expect(await accountOf(lms.db, lms.platform.issuer, sub)).toBeUndefined();
        const cookies = await context.cookies(baseURL);
        expect(cookies.filter((c) => /session_token$/.test(c.name))).toEqual([]);
      }

      for (const c of cases) {
        it(`${c.name}: ${c.code}`, async () => {
          const sub = `${c.code}-${locale}`;
          const fetches = lms.platform.jwksFetches;
          expect(await launch(page, sub, await c.bend())).toBe(400);
          await expectErrorPage(c.code, sub);
          if (c.code === 'unknown_key') expect(lms.platform.jwksFetches - fetches).toBe(1);
          if (c.code === 'bad_signature' || c.code === 'unsupported_message_type') {
            await page.screenshot({ path: path.join(artifacts, `lti-error-${c.code}-${locale}-${phone ? 'phone' : 'laptop'}.png`), fullPage: true });
          }
        });
      }

      it('the launch URL opened directly (a bookmark, a reload): not_a_launch, not a bare 405', async () => {
        const response = await page.goto(`${baseURL}/api/lti/launch`);
        expect(response?.status()).toBe(400);
        await expectErrorPage('not_a_launch', 'nobody');
      });

      it('a replayed id_token (its nonce belongs to an earlier login): nonce_mismatch', async () => {
        const sub = `replay-${locale}`;
        // The first launch never reaches deltalab intact (its state is wrong), so its token, with
        // that login's nonce, is what an eavesdropper would hold; it comes back under a new login.
        expect(await launch(page, sub, { state: 'made-up-state' })).toBe(400);
        const captured = lms.platform.posted.at(-1)!.idToken;
        expect(await launch(page, sub, { idToken: captured })).toBe(400);
        await expectErrorPage('nonce_mismatch', sub);
      });
    });
  }
});
