'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { ResetLinkResult } from '../../../lib/staff/accounts';
import type { ImportResult } from '../../../lib/staff/roster';
import { deactivateAction, importRosterAction, reactivateAction, removeRosterEntryAction, resetLinkAction, resetPasswordAction, updateRosterEntryAction, type ActionState } from '../actions';

type T = Messages['course']['roster'];
type A = Messages['accounts'];

/** Saves text the server built (a CSV with its byte order mark) as a file, without a round trip. */
function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The list below is rendered on the server: show the change once an action succeeded. */
function useRefreshAfter(state: ActionState<unknown> | null) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
}

export function RosterImport({ t, a }: { t: T; a: A }) {
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
            <p className="muted small">{a.csvHint}</p>
            {data.createdCsv && (
              <button type="button" data-testid="download-passwords" onClick={() => download(data.createdCsv!, 'temporary-passwords.csv')}>
                {a.downloadCsv}
              </button>
            )}
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

export function StudentActions({ userId, deactivated, t, a }: { userId: string; deactivated: boolean; t: T; a: A }) {
  const [reset, resetAction, resetting] = useActionState<ActionState<{ email: string; password: string }> | null, FormData>(resetPasswordAction, null);
  const [link, linkAction, linking] = useActionState<ActionState<ResetLinkResult> | null, FormData>(resetLinkAction, null);
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
      <form action={linkAction}>
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" disabled={linking}>
          {a.resetLink}
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
        <ResetLinkNote state={link} a={a} />
        {toggled && (toggled.ok ? <span className="form-ok">{t.done}</span> : <span className="form-error">{format(t.failed, { reason: toggled.reason ?? '' })}</span>)}
      </span>
    </div>
  );
}

/** What became of a reset link: e-mailed, or shown here to pass on. */
export function ResetLinkNote({ state, a }: { state: ActionState<ResetLinkResult> | null; a: A }) {
  if (!state) return null;
  if (!state.ok || !state.data) return <span className="form-error">{format(a.failed, { reason: state.reason ?? '' })}</span>;
  const d = state.data;
  if (d.emailed) return <span className="form-ok">{format(a.emailedTo, { email: d.email })}</span>;
  return (
    <span className="secret-once" data-testid="reset-link">
      {format(a.linkFor, { email: d.email, hours: d.hours, link: d.link ?? '' })}
    </span>
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
