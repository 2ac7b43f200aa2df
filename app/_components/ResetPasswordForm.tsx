'use client';

import { useState, type FormEvent } from 'react';
import type { Messages } from '../../lib/i18n/catalog';

type T = { account: Messages['account']; auth: Messages['auth'] };

/** The new password twice, posted to better-auth's reset endpoint with the link's token. */
export function ResetPasswordForm({ token, t }: { token: string; t: T }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const data = new FormData(event.currentTarget);
    const newPassword = String(data.get('newPassword') ?? '');
    if (newPassword !== String(data.get('confirmPassword') ?? '')) return setError(t.account.errors.mismatch);
    setPending(true);
    try {
      const res = await fetch('/api/auth/reset-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, newPassword }),
        credentials: 'same-origin',
      });
      if (res.ok) setDone(true);
      else setError(messageFor(res.status, ((await res.json().catch(() => ({}))) as { code?: string }).code, t));
    } catch {
      setError(t.auth.errors.generic);
    }
    setPending(false);
  }

  if (done) {
    return (
      <p role="status" className="form-ok">
        {t.account.resetDone} <a href="/sign-in">{t.auth.signInTitle}</a>
      </p>
    );
  }
  return (
    <form className="auth-form" onSubmit={onSubmit}>
      <label>
        {t.account.next}
        <input name="newPassword" type="password" autoComplete="new-password" required maxLength={128} aria-describedby="reset-hint" />
        <span id="reset-hint" className="muted small">
          {t.auth.passwordHint}
        </span>
      </label>
      <label>
        {t.account.confirm}
        <input name="confirmPassword" type="password" autoComplete="new-password" required maxLength={128} />
      </label>
      <div role="alert" aria-live="assertive" className="form-error">
        {error}
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t.auth.working : t.account.resetSubmit}
      </button>
    </form>
  );
}

function messageFor(status: number, code: string | undefined, t: T): string {
  if (status === 429) return t.auth.errors.tooManyRequests;
  switch (code) {
    case 'PASSWORD_TOO_SHORT':
      return t.auth.errors.passwordTooShort;
    case 'PASSWORD_TOO_LONG':
      return t.auth.errors.passwordTooLong;
    case 'PASSWORD_TOO_COMMON':
      return t.auth.errors.passwordTooCommon;
    case 'INVALID_TOKEN':
      return t.account.resetInvalid;
    default:
      return t.auth.errors.generic;
  }
}
