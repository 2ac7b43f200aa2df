'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { RosterSync } from '../../../lib/lti/nrps';
import { removePlatformAction, resendScoreAction, rotateKeyAction, savePlatformAction, syncRosterAction, type LtiActionState } from './actions';

type T = Messages['lti']['staff'];

/** The lists are drawn on the server: redraw them once an action succeeded. */
function useRefreshAfter(state: LtiActionState<unknown> | null) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
}

function Failure({ t, state }: { t: T; state: LtiActionState<unknown> | null }) {
  if (!state || state.ok) return null;
  return <p className="form-error">{state.fields ? t.fixFields : format(t.failed, { reason: state.reason ?? '' })}</p>;
}

/** A value to paste into the LMS, with a button that copies it. */
export function CopyValue({ t, label, value, id }: { t: T; label: string; value: string; id: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setDone('copied');
    } catch {
      // No clipboard (plain http, a denied permission): select the text for a manual copy.
      const range = document.createRange();
      const el = document.getElementById(id);
      if (el) {
        range.selectNodeContents(el);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setDone('failed');
    }
  };
  return (
    <div className="lti-value">
      <dt>{label}</dt>
      <dd>
        <code id={id}>{value}</code>
        <button type="button" onClick={copy} aria-describedby={id}>
          {t.copy}
        </button>
        <span role="status" aria-live="polite" className="muted small">
          {done === 'copied' ? t.copied : done === 'failed' ? t.copyFailed : ''}
        </span>
      </dd>
    </div>
  );
}

export interface PlatformValues {
  id?: string;
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
}

const FIELDS = [
  ['name', 'name', 'text'],
  ['issuer', 'issuer', 'url'],
  ['clientId', 'clientId', 'text'],
  ['deploymentIds', 'deploymentIds', 'textarea'],
  ['authUrl', 'authUrl', 'url'],
  ['tokenUrl', 'tokenUrl', 'url'],
  ['jwksUrl', 'platformJwksUrl', 'url'],
] as const;

/** Registers a platform (no `initial`) or edits one. */
export function PlatformForm({ t, initial }: { t: T; initial?: PlatformValues }) {
  const [state, action, pending] = useActionState<LtiActionState<{ id: string }> | null, FormData>(savePlatformAction, null);
  useRefreshAfter(state);
  const prefix = initial?.id ? `p-${initial.id}` : 'new-platform';
  return (
    // Keyed by the answer: a refused form is drawn again with what was typed (state.values).
    <form key={state?.at ?? 0} action={action} className="override-form lti-platform-form" data-testid={initial?.id ? 'edit-platform' : 'register-platform'} noValidate>
      {initial?.id && <input type="hidden" name="id" value={initial.id} />}
      {FIELDS.map(([field, label, kind]) => {
        const error = state?.fields?.[field];
        const inputId = `${prefix}-${field}`;
        const errorId = `${inputId}-error`;
        const common = { id: inputId, name: field, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined };
        const value = state?.values ? state.values[field] : initial ? (field === 'deploymentIds' ? initial.deploymentIds.join('\n') : initial[field]) : '';
        return (
          <div key={field} className="lti-field">
            <label htmlFor={inputId}>{t[label]}</label>
            {kind === 'textarea' ? <textarea {...common} rows={2} defaultValue={value} /> : <input {...common} type={kind} defaultValue={value} autoComplete="off" />}
            {error && (
              <p className="form-error" id={errorId} data-field-error={field}>
                {t.errors[error]}
              </p>
            )}
          </div>
        );
      })}
      <button type="submit" disabled={pending}>
        {initial?.id ? t.update : t.save}
      </button>
      <div role="status" aria-live="polite">
        <Failure t={t} state={state} />
        {state?.ok && <p className="form-ok">{initial?.id ? t.updatedPlatform : t.registered}</p>}
      </div>
    </form>
  );
}

export function RemovePlatform({ t, id }: { t: T; id: string }) {
  const [state, action, pending] = useActionState<LtiActionState | null, FormData>(removePlatformAction, null);
  useRefreshAfter(state);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(t.removeConfirm)) e.preventDefault();
      }}
      className="inline-form"
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="danger" disabled={pending}>
        {t.remove}
      </button>
      <span role="status" aria-live="polite">
        <Failure t={t} state={state} />
      </span>
    </form>
  );
}

export function RotateKey({ t }: { t: T }) {
  const [state, action, pending] = useActionState<LtiActionState<{ kid: string }> | null>(rotateKeyAction, null);
  useRefreshAfter(state);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(t.rotateConfirm)) e.preventDefault();
      }}
    >
      <button type="submit" disabled={pending} data-testid="rotate-key">
        {t.rotateKey}
      </button>
      <div role="status" aria-live="polite">
        <Failure t={t} state={state} />
        {state?.ok && <p className="form-ok">{t.rotated}</p>}
      </div>
    </form>
  );
}

export function SyncRoster({ t }: { t: T }) {
  const [state, action, pending] = useActionState<LtiActionState<RosterSync> | null>(syncRosterAction, null);
  useRefreshAfter(state);
  const d = state?.data;
  return (
    <form action={action}>
      <button type="submit" disabled={pending} data-testid="sync-roster">
        {t.syncRoster}
      </button>
      <div role="status" aria-live="polite">
        <Failure t={t} state={state} />
        {d && (
          <p className="form-ok" data-testid="roster-synced">
            {format(t.synced, { added: d.added, updated: d.updated, deactivated: d.deactivated, active: d.active })}
          </p>
        )}
      </div>
    </form>
  );
}

export function ResendScore({ t, id }: { t: T; id: string }) {
  const [state, action, pending] = useActionState<LtiActionState<{ id: string }> | null, FormData>(resendScoreAction, null);
  useRefreshAfter(state);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} data-testid="resend-score">
        {t.resend}
      </button>
      <span role="status" aria-live="polite">
        <Failure t={t} state={state} />
        {state?.ok && <span className="form-ok">{t.resent}</span>}
      </span>
    </form>
  );
}
