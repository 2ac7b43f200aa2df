import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Shared set-up for the site's integration tests: a fresh SQLite file per test file, the real
 * migrations, the real better-auth instance, requests sent through its real HTTP handler.
 * Test files must `vi.mock('server-only', () => ({}))` themselves (hoisting is per file).
 */

export const ORIGIN = 'http://localhost:3000';
export const JOIN_CODE = 'TEST-JOIN';

export function useTempSiteEnv(): { dir: string; dbPath: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deltalab-site-'));
  const dbPath = path.join(dir, 'site.sqlite');
  process.env.DATABASE_PATH = dbPath;
  process.env.DELTALAB_JOIN_CODE = JOIN_CODE;
  process.env.BETTER_AUTH_URL = ORIGIN;
  delete process.env.DATABASE_URL;
  delete process.env.BETTER_AUTH_SECRET;
  return { dir, dbPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startSite(): Promise<void> {
  const { prepareSite } = await import('../../lib/site/startup');
  await prepareSite({ recover: false, log: () => undefined });
}

export async function authPost(
  route: string,
  body: unknown,
  opts: { cookie?: string; origin?: string | null; ip?: string } = {},
): Promise<Response> {
  const { getAuth } = await import('../../lib/auth/auth');
  const headers = new Headers({ 'content-type': 'application/json' });
  if (opts.origin !== null) headers.set('origin', opts.origin ?? ORIGIN);
  if (opts.cookie) headers.set('cookie', opts.cookie);
  headers.set('x-forwarded-for', opts.ip ?? '10.1.0.1');
  return (await getAuth()).handler(new Request(`${ORIGIN}/api/auth${route}`, { method: 'POST', headers, body: JSON.stringify(body) }));
}

/** The cookies a response sets, as a Cookie request header. */
export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

let nextIp = 10;
/** Signs up a student through the HTTP handler; returns the session cookie. */
export async function signUpStudent(email: string, joinCode = JOIN_CODE): Promise<string> {
  const res = await authPost('/sign-up/email', { name: email.split('@')[0], email, password: 'correct-horse-42', joinCode }, { ip: `10.2.0.${nextIp++}` });
  if (res.status !== 200) throw new Error(`sign-up of ${email} failed: ${res.status} ${await res.text()}`);
  return cookiesOf(res);
}

export async function viewerFor(cookie: string) {
  const { viewerFromHeaders } = await import('../../lib/auth/session');
  return viewerFromHeaders(new Headers({ cookie }));
}
