'use client';

import { useActionState } from 'react';
import type { Messages } from '../../lib/i18n/catalog';
import type { ChangePasswordError } from '../../lib/site/password';
import { changePasswordAction, type ChangePasswordState } from '../actions';

type T = { account: Messages['account']; auth: Messages['auth'] };

/**
 * Current password, then the new one twice. The server checks all of it again (lib/site/password.ts)
 * and, when it is done, loads the page afresh to say so.
 */
export function ChangePasswordForm({ t }: { t: T }) {
  const [state, action, pending] = useActionState<ChangePasswordState | null, FormData>(changePasswordAction, null);
  return (
    <form action={action} className="auth-form">
      <label>
        {t.account.current}
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={1024} />
      </label>
      <label>
        {t.account.next}
        <input name="newPassword" type="password" autoComplete="new-password" required maxLength={128} aria-describedby="new-password-hint" />
        <span id="new-password-hint" className="muted small">
          {t.auth.passwordHint}
        </span>
      </label>
      <label>
        {t.account.confirm}
        <input name="confirmPassword" type="password" autoComplete="new-password" required maxLength={128} />
      </label>
      <div role="alert" aria-live="assertive" className="form-error">
        {state && !state.ok && state.error && messageFor(state.error, t)}
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t.auth.working : t.account.submit}
      </button>
    </form>
  );
}

function messageFor(error: ChangePasswordError, t: T): string {
  switch (error) {
    case 'wrongCurrent':
    case 'mismatch':
    case 'sameAsCurrent':
    case 'missing':
      return t.account.errors[error];
    case 'passwordTooShort':
    case 'passwordTooLong':
    case 'passwordTooCommon':
    case 'tooManyRequests':
      return t.auth.errors[error];
    case 'signedOut':
      return t.auth.errors.invalidCredentials;
    default:
      return t.auth.errors.generic;
  }
}
