'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { ImportResult } from '../../../lib/staff/roster';
import { deactivateAction, importRosterAction, reactivateAction, resetPasswordAction, type ActionState } from '../actions';

type T = Messages['course']['roster'];

/** The list below is rendered on the server: show the change once an action succeeded. */
function useRefreshAfter(state: ActionState<unknown> | null) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
}

export function RosterImport({ t }: { t: T }) {
  const [state, action, pending] = useActionState<ActionState<ImportResult> | null, FormData>(importRosterAction, null);
  useRefreshAfter(state);
  const data = state?.data;
  return (
    <form action={action} className="override-form">
      <label>
        {t.file}
        <input type="file" name="file" accept=".csv,text/csv" />
      </label>
      <label>
        {t.paste}
        <textarea name="csv" placeholder={'email,name,student_id\nada@example.com,Ada Lovelace,2026001'} />
      </label>
      <label className="inline">
        <input type="checkbox" name="createAccounts" /> {t.createAccounts}
      </label>
      <button type="submit" disabled={pending}>
        {t.import}
      </button>
      <div role="status" aria-live="polite">
        {state && !state.ok && <p className="form-error">{format(t.failed, { reason: state.reason ?? '' })}</p>}
        {data && <p className="form-ok">{format(t.imported, { added: data.added, updated: data.updated })}</p>}
        {data && data.created.length > 0 && (
          <>
            <p>{t.created}</p>
            <ul>
              {data.created.map((c) => (
                <li key={c.email}>
                  {c.email}: <span className="secret-once">{c.password}</span>
                </li>
              ))}
            </ul>
          </>
        )}
        {data && data.errors.length > 0 && (
          <>
            <p className="form-error">{t.rowErrors}</p>
            <ul>
              {data.errors.map((e) => (
                <li key={e.line}>{format(t.line, { line: e.line, message: e.message })}</li>
              ))}
            </ul>
          </>
        )}
      </div>
    </form>
  );
}

export function StudentActions({ userId, deactivated, t }: { userId: string; deactivated: boolean; t: T }) {
  const [reset, resetAction, resetting] = useActionState<ActionState<{ email: string; password: string }> | null, FormData>(resetPasswordAction, null);
  const [toggled, toggleAction, toggling] = useActionState<ActionState | null, FormData>(deactivated ? reactivateAction : deactivateAction, null);
  useRefreshAfter(toggled);
  return (
    <div className="staff-actions">
      <form action={resetAction}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" disabled={resetting}>
          {t.resetPassword}
        </button>
      </form>
      <form action={toggleAction}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" disabled={toggling}>
          {deactivated ? t.reactivate : t.deactivate}
        </button>
      </form>
      <span role="status" aria-live="polite">
        {reset?.ok && reset.data && <span className="secret-once">{format(t.newPassword, { email: reset.data.email, password: reset.data.password })}</span>}
        {reset && !reset.ok && <span className="form-error">{format(t.failed, { reason: reset.reason ?? '' })}</span>}
        {toggled && (toggled.ok ? <span className="form-ok">{t.done}</span> : <span className="form-error">{format(t.failed, { reason: toggled.reason ?? '' })}</span>)}
      </span>
    </div>
  );
}
