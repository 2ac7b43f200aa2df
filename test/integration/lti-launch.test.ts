import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TestPlatform } from '../support/lti-platform';
import { startSite, TEST_DB, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * LTI 1.3 launches against the test platform (test/support/lti-platform.ts): one accepted launch,
 * and each refusal the Security Framework asks for, each ending in its own error code with no
 * account created. Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
 */
process.env.DELTALAB_LTI_JWKS_COOLDOWN_MS = '0';
const env = useTempSiteEnv();
const platform = new TestPlatform();
const LAUNCH_URL = 'http://localhost:3000/api/lti/launch';

beforeAll(async () => {
  await platform.start();
  await startSite();
  const { getDb } = await import('../../lib/db');
  const { registerPlatform } = await import('../../lib/lti/platforms');
  await registerPlatform(await getDb(), platform.registration());
});

afterAll(async () => {
  await platform.stop();
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

async function login(extra: Record<string, string> = {}) {
  const { getDb } = await import('../../lib/db');
  const { startLogin } = await import('../../lib/lti/login');
  const start = await startLogin(await getDb(), { iss: platform.issuer, login_hint: 'hint-1', target_link_uri: LAUNCH_URL, client_id: platform.clientId, ...extra }, LAUNCH_URL);
  const nonce = new URL(start.redirectUrl).searchParams.get('nonce')!;
  return { ...start, nonce };
}

async function launch(form: { id_token: string; state: string }, secret: string | null) {
  const { getDb } = await import('../../lib/db');
  const { getAuth } = await import('../../lib/auth/auth');
  const { completeLaunch } = await import('../../lib/lti/complete');
  return completeLaunch(await getAuth(), await getDb(), form, secret, { embedded: true });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const { LtiLaunchError } = await import('../../lib/lti/errors');
  try {
    await promise;
  } catch (err) {
    if (err instanceof LtiLaunchError) return err.code;
    throw err;
  }
  return 'accepted';
}

async function counts() {
  const { getDb } = await import('../../lib/db');
  const db = await getDb();
  const users = await db.selectFrom('user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const lti = await db.selectFrom('lti_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { users: Number(users.n), ltiUsers: Number(lti.n) };
}

describe(`LTI 1.3 launch (${TEST_DB})`, () => {
  it('sends the browser to the platform with a complete OIDC authentication request', async () => {
    const { redirectUrl, state } = await login({ lti_message_hint: 'msg-7' });
    const url = new URL(redirectUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${platform.url}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: platform.clientId,
      redirect_uri: LAUNCH_URL,
      login_hint: 'hint-1',
      lti_message_hint: 'msg-7',
      state,
    });
  });

  it('refuses an initiation from an issuer that is not registered', async () => {
    const { getDb } = await import('../../lib/db');
    const { startLogin } = await import('../../lib/lti/login');
    expect(await refusal(startLogin(await getDb(), { iss: 'https://other.example', login_hint: 'x', target_link_uri: LAUNCH_URL }, LAUNCH_URL))).toBe('unknown_platform');
  });

  describe('refusals create no account', () => {
    let before: { users: number; ltiUsers: number };
    beforeAll(async () => {
      before = await counts();
    });
    afterAll(async () => {
      expect(await counts()).toEqual(before);
    });

    it('a token signed with another key under the platform kid: bad_signature', async () => {
      const l = await login();
      const { generateKeyPair } = await import('jose');
      const { privateKey } = await generateKeyPair('RS256');
      const token = await platform.idToken(platform.claims(l.nonce), { key: privateKey });
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('bad_signature');
    });

    it('an unknown kid: the JWKS is fetched once more, then refused', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce), { kid: 'no-such-key' });
      const fetches = platform.jwksFetches;
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('unknown_key');
      expect(platform.jwksFetches - fetches).toBe(1);
    });

    it('a token for another client: wrong_audience', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce), { aud: 'someone-else' });
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('wrong_audience');
    });

    it('several audiences without deltalab as azp: wrong_audience', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce, { azp: 'someone-else' }), { aud: [platform.clientId, 'someone-else'] });
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('wrong_audience');
    });

    it('a token from another issuer: wrong_issuer', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce), { iss: 'https://evil.example' });
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('wrong_issuer');
    });

    it('an expired token (past the 60 s skew): expired', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce), { iatOffsetS: -400, expOffsetS: 300 });
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('expired');
    });

    it('a token issued in the future (past the skew): expired', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce), { iatOffsetS: 600 });
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('expired');
    });

    it('a replayed token under a fresh login (its nonce is not this login’s): nonce_mismatch', async () => {
      const first = await login();
      const token = await platform.idToken(platform.claims(first.nonce));
      const second = await login();
      expect(await refusal(launch({ id_token: token, state: second.state }, second.browserSecret))).toBe('nonce_mismatch');
    });

    it('a deployment that is not registered: wrong_deployment', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce, { 'https://purl.imsglobal.org/spec/lti/claim/deployment_id': 'deployment-9' }));
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('wrong_deployment');
    });

    it('a state from another browser, or no state cookie: state_mismatch / missing_state', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce));
      const other = await login();
      expect(await refusal(launch({ id_token: token, state: l.state }, other.browserSecret))).toBe('state_mismatch');
      expect(await refusal(launch({ id_token: token, state: 'made-up' }, l.browserSecret))).toBe('state_mismatch');
      expect(await refusal(launch({ id_token: token, state: l.state }, null))).toBe('missing_state');
    });

    it('a message type deltalab does not handle: unsupported_message_type', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce, { 'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiSubmissionReviewRequest' }));
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('unsupported_message_type');
    });

    it('another LTI version: wrong_version', async () => {
      const l = await login();
      const token = await platform.idToken(platform.claims(l.nonce, { 'https://purl.imsglobal.org/spec/lti/claim/version': '1.1' }));
      expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('wrong_version');
    });

    it('a target link on another site: wrong_target_link; none at all: missing_claim', async () => {
      const target = 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri';
      for (const elsewhere of ['https://evil.example/api/lti/launch', 'http://localhost:3001/api/lti/launch', 'not a url']) {
        const l = await login();
        const token = await platform.idToken(platform.claims(l.nonce, { [target]: elsewhere }));
        expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('wrong_target_link');
      }
      const l = await login();
      const claims = platform.claims(l.nonce);
      delete claims[target];
      expect(await refusal(launch({ id_token: await platform.idToken(claims), state: l.state }, l.browserSecret))).toBe('missing_claim');
    });
  });

  it('accepts a valid launch once: creates the student, signs in, and refuses the same post again', async () => {
    const l = await login();
    const token = await platform.idToken(platform.claims(l.nonce));
    const outcome = await launch({ id_token: token, state: l.state }, l.browserSecret);
    expect(outcome.to).toBe('/exercises/sigmoid-prime');
    const cookie = outcome.setCookies.find((c) => /session_token=/.test(c))!;
    expect(cookie).toMatch(/SameSite=None/i);
    expect(cookie).toMatch(/Secure/i);
    const viewer = await viewerFor(cookie.split(';')[0]!);
    expect(viewer).toMatchObject({ id: outcome.userId, name: 'Ada Student', email: 'ada@lms.example', role: 'student' });
    expect(await refusal(launch({ id_token: token, state: l.state }, l.browserSecret))).toBe('state_used');

    // The same person again: the same account.
    const again = await login();
    const second = await launch({ id_token: await platform.idToken(platform.claims(again.nonce)), state: again.state }, again.browserSecret);
    expect(second.userId).toBe(outcome.userId);

    const { getDb } = await import('../../lib/db');
    const db = await getDb();
    const link = await db.selectFrom('lti_resource_link').selectAll().executeTakeFirstOrThrow();
    expect(link).toMatchObject({ resource_link_id: 'link-1', item_kind: 'exercise', item_id: 'sigmoid-prime', lineitem_url: `${platform.url}/lineitems/1` });
    const context = await db.selectFrom('lti_context').selectAll().executeTakeFirstOrThrow();
    expect(context).toMatchObject({ context_id: platform.contextId, memberships_url: `${platform.url}/memberships` });
  });

  it('accepts a token signed with a key the platform added after deltalab cached its JWKS (one refresh)', async () => {
    await platform.addKey();
    const l = await login();
    const token = await platform.idToken(platform.claims(l.nonce, { sub: 'teacher-1', name: 'Tom Teacher', email: 'tom@lms.example', 'https://purl.imsglobal.org/spec/lti/claim/roles': ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'] }));
    const fetches = platform.jwksFetches;
    const outcome = await launch({ id_token: token, state: l.state }, l.browserSecret);
    expect(platform.jwksFetches - fetches).toBe(1);
    const viewer = await viewerFor(outcome.setCookies.find((c) => /session_token=/.test(c))!.split(';')[0]!);
    expect(viewer?.role).toBe('staff');
  });

  it('does not take over an existing account whose email the platform claims', async () => {
    const { signUpStudent } = await import('./site-helpers');
    await signUpStudent('eve@lms.example');
    const l = await login();
    const token = await platform.idToken(platform.claims(l.nonce, { sub: 'student-eve', email: 'eve@lms.example' }));
    const outcome = await launch({ id_token: token, state: l.state }, l.browserSecret);
    const viewer = await viewerFor(outcome.setCookies.find((c) => /session_token=/.test(c))!.split(';')[0]!);
    expect(viewer?.email).toMatch(/@lti\.invalid$/);
  });

  describe('the daily refresh of the session cookie (better-auth updateAge)', () => {
    /** Makes the session of `cookie` two days old, past updateAge (1 day), so the next read refreshes it. */
    async function age(cookie: string) {
      const { getDb } = await import('../../lib/db');
      const db = await getDb();
      const token = decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!).split('.')[0]!;
      const row = await db.selectFrom('session').select(['expiresAt']).where('token', '=', token).executeTakeFirstOrThrow();
      const day = 24 * 60 * 60 * 1000;
      const at = (ms: number) => (row.expiresAt instanceof Date ? new Date(ms) : new Date(ms).toISOString());
      await db
        .updateTable('session')
        .set({ expiresAt: at(Date.now() + 12 * day), updatedAt: at(Date.now() - 2 * day) })
        .where('token', '=', token)
        .execute();
      return token;
    }

    /** The refreshed session Set-Cookie of a GET /api/auth/get-session and of a server-side read. */
    async function refreshed(cookie: string): Promise<{ http: string | undefined; server: string | undefined }> {
      const { getAuth } = await import('../../lib/auth/auth');
      const auth = await getAuth();
      await age(cookie);
      const res = await auth.handler(new Request('http://localhost:3000/api/auth/get-session', { headers: { cookie: cookie.split(';')[0]! } }));
      expect(res.status).toBe(200);
      const http = res.headers.getSetCookie().find((c) => /session_token=/.test(c));
      await age(cookie);
      const out = await auth.api.getSession({ headers: new Headers({ cookie: cookie.split(';')[0]! }), returnHeaders: true });
      expect(out.response?.user).toBeTruthy();
      const server = out.headers.getSetCookie().find((c) => /session_token=/.test(c));
      return { http, server };
    }

    it('an embedded (LTI) session is re-set SameSite=None; Secure', async () => {
      const l = await login();
      const outcome = await launch({ id_token: await platform.idToken(platform.claims(l.nonce, { sub: 'student-refresh' })), state: l.state }, l.browserSecret);
      const cookie = outcome.setCookies.find((c) => /session_token=/.test(c))!;
      const { http, server } = await refreshed(cookie);
      for (const c of [http, server]) {
        expect(c).toBeDefined();
        expect(c).toMatch(/;\s*SameSite=None(;|$)/i);
        expect(c).toMatch(/;\s*Secure(;|$)/i);
        expect(c).toMatch(/;\s*HttpOnly(;|$)/i);
        expect(c).not.toMatch(/SameSite=Lax/i);
      }
    });

    it('the viewer of an embedded session says so, so cookies set for it (the offering switch) stay cross-site', async () => {
      const { sessionViewerFromHeaders } = await import('../../lib/auth/session');
      const l = await login();
      const outcome = await launch({ id_token: await platform.idToken(platform.claims(l.nonce, { sub: 'student-viewer-embedded' })), state: l.state }, l.browserSecret);
      const cookie = outcome.setCookies.find((c) => /session_token=/.test(c))!.split(';')[0]!;
      expect(await sessionViewerFromHeaders(new Headers({ cookie }))).toMatchObject({ embedded: true });
      const { signUpStudent } = await import('./site-helpers');
      const ordinary = await signUpStudent('viewer-not-embedded@example.org');
      expect(await sessionViewerFromHeaders(new Headers({ cookie: ordinary.split(';')[0]! }))).toMatchObject({ embedded: false });
    });

    it('an ordinary session stays SameSite=Lax', async () => {
      const { signUpStudent } = await import('./site-helpers');
      const cookie = await signUpStudent('refresh-lax@example.org');
      const { http, server } = await refreshed(cookie);
      for (const c of [http, server]) {
        expect(c).toBeDefined();
        expect(c).toMatch(/;\s*SameSite=Lax(;|$)/i);
        expect(c).not.toMatch(/SameSite=None/i);
      }
    });
  });
});
