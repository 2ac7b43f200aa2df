import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authPost, cookiesOf, JOIN_CODE, ORIGIN, signUpStudent, startSite, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * Length limits on what a person puts in their own account (issue 11, F7): a 200 000-character
 * name at sign-up and a 5 000 000-character one through update-user made the gradebook 14.7 MB.
 * Through better-auth's real handler (its checks) and through the site's auth route (its body cap).
 */

const env = useTempSiteEnv();
let ip = 1;
const nextIp = () => `10.61.0.${ip++}`;

beforeAll(async () => {
  await startSite();
}, 60_000);

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

function signUp(name: unknown, email: string, extra: Record<string, unknown> = {}) {
  return authPost('/sign-up/email', { name, email, password: 'correct-horse-42', joinCode: JOIN_CODE, ...extra }, { ip: nextIp() });
}

/** Through the site's route (app/api/auth/[...all]), as a browser reaches it. */
async function viaRoute(path: string, body: string, cookie?: string): Promise<Response> {
  const { POST } = await import('../../app/api/auth/[...all]/route');
  const headers = new Headers({ 'content-type': 'application/json', origin: ORIGIN });
  if (cookie) headers.set('cookie', cookie);
  return POST(new Request(`${ORIGIN}/api/auth${path}`, { method: 'POST', headers, body }));
}

async function userCount(): Promise<number> {
  const { getDb } = await import('../../lib/db');
  const row = await (await getDb()).selectFrom('user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('sign-up', () => {
  it('refuses a name over 100 characters with NAME_TOO_LONG and creates nothing', async () => {
    const before = await userCount();
    const res = await signUp('x'.repeat(101), 'long@example.com');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code?: string }).code).toBe('NAME_TOO_LONG');
    expect(await userCount()).toBe(before);
  });

  it('accepts 100 characters (counted as characters, not bytes)', async () => {
    expect((await signUp('名'.repeat(100), 'hundred@example.com')).status).toBe(200);
  });

  it('refuses a name with a line break or other control character, an empty name, a long email or image', async () => {
    const before = await userCount();
    for (const [name, email, extra, code] of [
      ['Ann\nAdmin', 'ctrl1@example.com', {}, 'INVALID_NAME'],
      ['Ann\u0000', 'ctrl2@example.com', {}, 'INVALID_NAME'],
      ['   ', 'blank@example.com', {}, 'INVALID_NAME'],
      ['Ann', `${'a'.repeat(250)}@example.com`, {}, 'EMAIL_TOO_LONG'],
      ['Ann', 'image@example.com', { image: `https://x.example/${'a'.repeat(3000)}` }, 'IMAGE_TOO_LONG'],
    ] as const) {
      const res = await signUp(name, email, extra);
      expect(res.status, JSON.stringify(name)).toBe(400);
      expect(((await res.json()) as { code?: string }).code).toBe(code);
    }
    expect(await userCount()).toBe(before);
  });

  it('answers a 200 000-character name sent to the site with 413 before better-auth parses it', async () => {
    const before = await userCount();
    const res = await viaRoute('/sign-up/email', JSON.stringify({ name: 'x'.repeat(200_000), email: 'huge@example.com', password: 'correct-horse-42', joinCode: JOIN_CODE }));
    expect(res.status).toBe(413);
    expect(await userCount()).toBe(before);
  });
});

describe('update-user', () => {
  it('refuses a long name (400 or 413 for 5 000 000 characters) and keeps the old one; accepts a short one', async () => {
    const cookie = await signUpStudent('renamer@example.com');
    const long = await authPost('/update-user', { name: 'y'.repeat(101) }, { cookie, ip: nextIp() });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { code?: string }).code).toBe('NAME_TOO_LONG');
    const huge = await viaRoute('/update-user', JSON.stringify({ name: 'z'.repeat(5_000_000) }), cookie);
    expect(huge.status).toBe(413);
    expect((await viewerFor(cookie))?.name).toBe('renamer');

    const ok = await authPost('/update-user', { name: 'Renée Renamer' }, { cookie, ip: nextIp() });
    expect(ok.status).toBe(200);
    expect((await viewerFor(cookie))?.name).toBe('Renée Renamer');
  });

  it('refuses a name with a control character and cannot touch role', async () => {
    const res = await signUp('Mallory', 'mallory@example.com');
    const cookie = cookiesOf(res);
    const bad = await authPost('/update-user', { name: 'Mal\rlory' }, { cookie, ip: nextIp() });
    expect(bad.status).toBe(400);
    await authPost('/update-user', { role: 'instructor' }, { cookie, ip: nextIp() });
    expect((await viewerFor(cookie))?.role).toBe('student');
  });
});
