'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { ImportResult } from '../../../lib/staff/roster';
import { deactivateAction, importRosterAction, reactivateAction, removeRosterEntryAction, resetPasswordAction, updateRosterEntryAction, type ActionState } from '../actions';

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
        {data && (
          <p className="form-ok">
            {format(t.imported, { added: data.added, updated: data.updated })} {data.encoding !== 'text' && format(t.readAs, { encoding: data.encoding.toUpperCase() })}
          </p>
        )}
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
                <li key={e.line}>{format(t.line, { line: e.line, message: e.code ? format(t.rowCodes[e.code], e.params ?? {}) : e.message })}</li>
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

/** A pending row (invited, not joined): correct it in place, or take it off the roster. */
export function PendingActions({ email, name, studentNumber, t }: { email: string; name: string; studentNumber: string; t: T }) {
  const [editing, setEditing] = useState(false);
  const [saved, saveAction, saving] = useActionState<ActionState | null, FormData>(updateRosterEntryAction, null);
  const [removed, removeAction, removing] = useActionState<ActionState | null, FormData>(removeRosterEntryAction, null);
  useRefreshAfter(saved);
  useRefreshAfter(removed);
  const failure = [saved, removed].find((s) => s && !s.ok);
  return (
    <div className="staff-actions">
      {editing ? (
        <form action={saveAction} className="roster-edit">
          <input type="hidden" name="email" value={email} />
          <label>
            {t.email} <input name="newEmail" type="email" defaultValue={email} required />
          </label>
          <label>
            {t.name} <input name="name" defaultValue={name} required />
          </label>
          <label>
            {t.number} <input name="studentNumber" defaultValue={studentNumber} required />
          </label>
          <button type="submit" disabled={saving}>
            {t.save}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t.cancel}
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setEditing(true)}>
          {t.edit}
        </button>
      )}
      <form
        action={removeAction}
        onSubmit={(e) => {
          if (!window.confirm(format(t.confirmRemove, { email }))) e.preventDefault();
        }}
      >
        <input type="hidden" name="email" value={email} />
        <button type="submit" disabled={removing}>
          {t.remove}
        </button>
      </form>
      <span role="status" aria-live="polite">
        {failure && <span className="form-error">{format(t.failed, { reason: failure.reason ?? '' })}</span>}
      </span>
    </div>
  );
}
