import 'server-only';
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import { getAuth } from '../auth/auth';
import { MAX_PASSWORD_CHARS } from '../auth/password-policy';
import { sessionViewerFromHeaders } from '../auth/session';

/**
 * A signed-in person changes their own password, through better-auth's changePassword (it checks
 * the current password, hashes the new one, and here also signs out every other session). The
 * policy (lib/auth/password-policy.ts) is applied by better-auth's hook, whichever way the change
 * arrives. Someone who must replace a temporary password uses this too: it is the one thing they
 * may do, so it reads the session without the forced-change gate.
 */

export type ChangePasswordError =
  | 'signedOut'
  | 'missing'
  | 'mismatch'
  | 'sameAsCurrent'
  | 'wrongCurrent'
  | 'passwordTooShort'
  | 'passwordTooLong'
  | 'passwordTooCommon'
  | 'tooManyRequests'
  | 'generic';

export type ChangePasswordResult = { ok: true; setCookie: string[] } | { ok: false; error: ChangePasswordError };

// Generous bounds for what is read at all; the policy then says what a new password may be.
const Input = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
  confirmPassword: z.string().max(1024),
});

const CODES: Record<string, ChangePasswordError> = {
  INVALID_PASSWORD: 'wrongCurrent',
  PASSWORD_TOO_SHORT: 'passwordTooShort',
  PASSWORD_TOO_LONG: 'passwordTooLong',
  PASSWORD_TOO_COMMON: 'passwordTooCommon',
};

export async function changeOwnPassword(requestHeaders: Headers, input: unknown): Promise<ChangePasswordResult> {
  if (!(await sessionViewerFromHeaders(requestHeaders))) return { ok: false, error: 'signedOut' };
  const parsed = Input.safeParse(input);
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
    return { ok: false, error: tooLong ? 'passwordTooLong' : 'missing' };
  }
  const { currentPassword, newPassword, confirmPassword } = parsed.data;
  if (newPassword !== confirmPassword) return { ok: false, error: 'mismatch' };
  if (newPassword === currentPassword) return { ok: false, error: 'sameAsCurrent' };
  if (newPassword.length > MAX_PASSWORD_CHARS) return { ok: false, error: 'passwordTooLong' };
  const auth = await getAuth();
  try {
    const res = await auth.api.changePassword({ headers: requestHeaders, body: { currentPassword, newPassword, revokeOtherSessions: true }, asResponse: true });
    if (res.ok) return { ok: true, setCookie: res.headers.getSetCookie() };
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    if (res.status === 429) return { ok: false, error: 'tooManyRequests' };
    return { ok: false, error: CODES[body.code ?? ''] ?? (res.status === 401 ? 'signedOut' : 'generic') };
  } catch (err) {
    // A hook's refusal (the policy) is thrown, not answered. Matched by shape, not class: the
    // production build may hold two copies of better-auth's APIError (server actions and routes).
    const code = err instanceof APIError || (err instanceof Error && err.name === 'APIError') ? (err as { body?: { code?: unknown } }).body?.code : undefined;
    if (typeof code === 'string') return { ok: false, error: CODES[code] ?? 'generic' };
    throw err;
  }
}
