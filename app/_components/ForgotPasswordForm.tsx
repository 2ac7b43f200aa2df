'use client';

import { useState, type FormEvent } from 'react';
import type { Messages } from '../../lib/i18n/catalog';

/**
 * Asks better-auth to e-mail a reset link. It answers the same whether or not the address has an
 * account, and so does this form.
 */
export function ForgotPasswordForm({ t, sent }: { t: { account: Messages['account']; auth: Messages['auth'] }; sent: string }) {
  const [state, setState] = useState<'idle' | 'pending' | 'sent' | 'error' | 'busy'>('idle');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setState('pending');
    const email = String(new FormData(event.currentTarget).get('email') ?? '');
    try {
      const res = await fetch('/api/auth/request-password-reset', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
        credentials: 'same-origin',
      });
      setState(res.ok ? 'sent' : res.status === 429 ? 'busy' : 'error');
    } catch {
      setState('error');
    }
  }

  if (state === 'sent') return <p role="status" className="form-ok">{sent}</p>;
  return (
    <form className="auth-form" onSubmit={onSubmit}>
      <label>
        {t.auth.email}
        <input name="email" type="email" autoComplete="email" required maxLength={254} />
      </label>
      <div role="alert" aria-live="assertive" className="form-error">
        {state === 'error' ? t.auth.errors.generic : state === 'busy' ? t.auth.errors.tooManyRequests : null}
      </div>
      <button type="submit" className="primary" disabled={state === 'pending'}>
        {state === 'pending' ? t.auth.working : t.account.forgotSubmit}
      </button>
    </form>
  );
}
