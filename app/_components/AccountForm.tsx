'use client';

import { useActionState } from 'react';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { createAccountAction, type CreateAccountState } from '../actions';

export function AccountForm({ t }: { t: { auth: Messages['auth']; staff: Messages['staff']; roles: Messages['site']['roles'] } }) {
  const [state, action, pending] = useActionState<CreateAccountState | null, FormData>(createAccountAction, null);
  return (
    <form action={action} className="auth-form">
      <label>
        {t.auth.name}
        <input name="name" required maxLength={100} />
      </label>
      <label>
        {t.auth.email}
        <input name="email" type="email" required maxLength={254} />
      </label>
      <label>
        {t.auth.password}
        <input name="password" type="password" required maxLength={128} autoComplete="new-password" />
        <span className="muted small">{t.auth.passwordHint}</span>
      </label>
      <label>
        {t.staff.role}
        <select name="role" defaultValue="staff">
          <option value="staff">{t.roles.staff}</option>
          <option value="instructor">{t.roles.instructor}</option>
          <option value="student">{t.roles.student}</option>
        </select>
      </label>
      <div role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
        {state &&
          (state.ok
            ? format(t.staff.created, { email: state.email ?? '', role: t.roles[state.role as keyof typeof t.roles] ?? state.role ?? '' })
            : format(t.staff.failed, { reason: state.reason ?? '' }))}
      </div>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t.auth.working : t.staff.create}
      </button>
    </form>
  );
}
