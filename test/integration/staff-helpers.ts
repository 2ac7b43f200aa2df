import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { readMistakeSource } from '../../lib/content/mistakes';
import { authPost, cookiesOf, ORIGIN, viewerFor } from './site-helpers';

/**
 * Shared set-up of the course staff tests (on top of site-helpers): staff and instructor accounts
 * made the way instructors make them, sessions from the real sign-in handler, and requests to the
 * real route handlers.
 */

export const PASSWORD = 'correct-horse-42';
const SIGMOID = 'exercises/4.1-neurons/sigmoid-prime';
export const sigmoidSolution = readFileSync(path.join(SIGMOID, '.meta/solution.ts'), 'utf8');
export const sigmoidStarter = readFileSync(path.join(SIGMOID, 'starter.ts'), 'utf8');
/** A catalogued mistake as it is graded: the solution with the mistake's patch applied. */
export const sigmoidMistake = (id: string) => readMistakeSource(path.join(SIGMOID, '.meta/solution.ts'), path.join(SIGMOID, '.meta/mistakes', `${id}.patch`));

let nextIp = 100;
export async function signIn(email: string, password = PASSWORD): Promise<Response> {
  return authPost('/sign-in/email', { email, password }, { ip: `10.7.${Math.floor(nextIp / 250)}.${nextIp++ % 250}` });
}

/** Creates an account of `role` (as an instructor would) and returns its session cookie. */
export async function accountWithRole(email: string, role: 'staff' | 'instructor' | 'student'): Promise<string> {
  const { getAuth } = await import('../../lib/auth/auth');
  const { getDb } = await import('../../lib/db');
  const { createAccount } = await import('../../lib/auth/users');
  await createAccount(await getAuth(), await getDb(), { email, password: PASSWORD, name: email.split('@')[0]!, role });
  const res = await signIn(email);
  if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  return cookiesOf(res);
}

export async function viewerOf(cookie: string) {
  const viewer = await viewerFor(cookie);
  if (!viewer) throw new Error('no session');
  return viewer;
}

export function apiRequest(url: string, init: { method?: string; cookie?: string; body?: unknown } = {}): NextRequest {
  const headers = new Headers({ origin: ORIGIN });
  if (init.cookie) headers.set('cookie', init.cookie);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  return new NextRequest(`${ORIGIN}${url}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
}

/** Submits through the real submissions route; returns status and body. */
export async function submitAs(cookie: string, exerciseId: string, code: string, key: string) {
  const { POST } = await import('../../app/api/submissions/route');
  const res = await POST(apiRequest('/api/submissions', { method: 'POST', cookie, body: { exerciseId, code, idempotencyKey: key } }));
  return { status: res.status, body: (await res.json()) as { submission?: { id: string; status: string; score: number | null }; error?: string } };
}
