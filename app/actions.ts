'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getAuth } from '../lib/auth/auth';
import { CHANGE_PASSWORD_PATH, getSessionViewer, getViewer } from '../lib/auth/session';
import { isLocale, LOCALE_COOKIE } from '../lib/i18n/locale';
import { cookiesAreSecure, createAccountAsInstructor, saveLocale } from '../lib/site/account';
import { AccessError } from '../lib/site/errors';
import { changeOwnPassword, type ChangePasswordError } from '../lib/site/password';

/**
 * Server actions. Each is a public POST endpoint: it re-reads who is asking and re-parses its input
 * (Next.js also refuses actions posted from another origin).
 */

export async function setLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
    sameSite: 'lax',
    secure: cookiesAreSecure(),
  });
  // The session's person even before a forced password change: the language is theirs to pick.
  const viewer = await getSessionViewer();
  if (viewer) await saveLocale(viewer, locale);
}

export async function signOutAction(): Promise<void> {
  const auth = await getAuth();
  // Deletes the session row (so the token is dead everywhere) and clears the cookies.
  await auth.api.signOut({ headers: await headers() }).catch(() => undefined);
  redirect('/');
}

export interface CreateAccountState {
  ok: boolean;
  email?: string;
  role?: string;
  reason?: string;
}

export async function createAccountAction(_prev: CreateAccountState | null, formData: FormData): Promise<CreateAccountState> {
  try {
    const created = await createAccountAsInstructor(await getViewer(), {
      email: String(formData.get('email') ?? ''),
      password: String(formData.get('password') ?? ''),
      name: String(formData.get('name') ?? ''),
      role: String(formData.get('role') ?? ''),
    });
    return { ok: true, email: created.email, role: created.role };
  } catch (err) {
    const reason = err instanceof AccessError ? err.message : err instanceof Error ? err.message : 'error';
    return { ok: false, reason };
  }
}

export interface ChangePasswordState {
  ok: false;
  error: ChangePasswordError;
}

/**
 * Changes the signed-in person's own password (better-auth's changePassword, through lib/site;
 * nextCookies sets the new session cookie). Allowed to someone who must change a temporary password:
 * it is the one thing they can do.
 */
export async function changePasswordAction(_prev: ChangePasswordState | null, formData: FormData): Promise<ChangePasswordState> {
  const field = (k: string) => {
    const v = formData.get(k);
    return typeof v === 'string' ? v : '';
  };
  const result = await changeOwnPassword(await headers(), {
    currentPassword: field('currentPassword'),
    newPassword: field('newPassword'),
    confirmPassword: field('confirmPassword'),
  });
  if (!result.ok) return { ok: false, error: result.error };
  // The old session is gone: the page is loaded afresh with the new session cookie (rendering it
  // again within this request would still read the old cookie).
  redirect(`${CHANGE_PASSWORD_PATH}?changed=1`);
}
