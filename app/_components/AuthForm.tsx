'use client';

import { useState, type FormEvent } from 'react';
import type { Messages } from '../../lib/i18n/catalog';
import { safeNext } from '../../lib/site/redirects';

type Mode = 'sign-in' | 'sign-up';

/**
 * Sign-in and sign-up forms. They post JSON to better-auth's endpoints on this origin, which set
 * the session cookie, then load the next page in full so every part of it sees the new session.
 */
export function AuthForm({ mode, t, next, deactivated }: { mode: Mode; t: Messages['auth']; next: string; deactivated?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    try {
      const res = await fetch(`/api/auth/${mode === 'sign-in' ? 'sign-in' : 'sign-up'}/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(mode === 'sign-in' ? { email: data.email, password: data.password } : data),
        credentials: 'same-origin',
      });
      if (res.ok) {
        // Checked again here: the page already did, but this is where the browser navigates.
        window.location.assign(safeNext(next));
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { code?: string };
      setError(body.code === 'ACCOUNT_DEACTIVATED' && deactivated ? deactivated : messageFor(res.status, body.code, t));
    } catch {
      setError(t.errors.generic);
    }
    setPending(false);
  }

  return (
    <form className="auth-form" onSubmit={onSubmit} noValidate={false}>
      {mode === 'sign-up' && (
        <label>
          {t.name}
          <input name="name" autoComplete="name" required maxLength={100} />
        </label>
      )}
      <label>
        {t.email}
        <input name="email" type="email" autoComplete="email" required maxLength={254} />
      </label>
      <label>
        {t.password}
        <input
          name="password"
          type="password"
          autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
          required
          // Sign-up: no minLength, so the server's reason (too short, or too common) is what is shown.
          minLength={mode === 'sign-in' ? 8 : undefined}
          maxLength={128}
          aria-describedby={mode === 'sign-up' ? 'password-hint' : undefined}
        />
      </label>
      {mode === 'sign-up' && (
        <>
          <p id="password-hint" className="muted small">
            {t.passwordHint}
          </p>
          <label>
            {t.joinCode}
            <input name="joinCode" required autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={40} />
          </label>
        </>
      )}
      <div role="alert" aria-live="assertive" className="form-error">
        {error}
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t.working : mode === 'sign-in' ? t.submitSignIn : t.submitSignUp}
      </button>
    </form>
  );
}

function messageFor(status: number, code: string | undefined, t: Messages['auth']): string {
  if (status === 429) return t.errors.tooManyRequests;
  switch (code) {
    case 'INVALID_JOIN_CODE':
      return t.errors.invalidJoinCode;
    case 'INVALID_EMAIL_OR_PASSWORD':
      return t.errors.invalidCredentials;
    case 'USER_ALREADY_EXISTS':
    case 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL':
      return t.errors.userExists;
    case 'PASSWORD_TOO_SHORT':
      return t.errors.passwordTooShort;
    case 'PASSWORD_TOO_LONG':
      return t.errors.passwordTooLong;
    case 'PASSWORD_TOO_COMMON':
      return t.errors.passwordTooCommon;
    case 'INVALID_EMAIL':
      return t.errors.invalidEmail;
    case 'NAME_TOO_LONG':
      return t.errors.nameTooLong;
    case 'INVALID_NAME':
      return t.errors.nameInvalid;
    case 'EMAIL_TOO_LONG':
      return t.errors.invalidEmail;
    default:
      return status === 401 ? t.errors.invalidCredentials : t.errors.generic;
  }
}
