'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useState } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { setDeadlineAction, type ActionState } from '../actions';
import { grantExtensionAction, removeExtensionAction } from './actions';

type T = Messages['dates']['staff'];
type Target = { value: string; label: string };

/** The page around a form is rendered on the server: show the change once it is saved. */
function useRefreshOnSuccess(state: ActionState<unknown> | null) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
}

function TargetSelect({ targets, t }: { targets: Target[]; t: T }) {
  return (
    <label>
      {t.target}
      <select name="target">
        {targets.map((x) => (
          <option key={x.value} value={x.value}>
            {x.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One rule: dates entered as wall clocks in the offering's zone (the server reads them so). */
export function DeadlineForm({ targets, t }: { targets: Target[]; t: T }) {
  const [state, action, pending] = useActionState<ActionState | null, FormData>(setDeadlineAction, null);
  const [policy, setPolicy] = useState('');
  useRefreshOnSuccess(state);
  return (
    <form action={action} className="staff-filters dates-form" data-testid="deadline-form">
      <TargetSelect targets={targets} t={t} />
      <label>
        {t.opensAt}
        <input type="datetime-local" name="opensAt" />
      </label>
      <label>
        {t.dueAt}
        <input type="datetime-local" name="dueAt" />
      </label>
      <label>
        {t.closeAt}
        <input type="datetime-local" name="closeAt" />
      </label>
      <label>
        {t.latePolicy}
        <select name="policy" value={policy} onChange={(e) => setPolicy(e.target.value)}>
          <option value="">{t.inherit}</option>
          <option value="none">{t.policyNone}</option>
          <option value="per-day">{t.policyPerDay}</option>
          <option value="factor">{t.policyFactor}</option>
        </select>
      </label>
      {policy === 'per-day' && (
        <label>
          {t.percent}
          <input type="number" name="percent" min="1" max="100" step="any" defaultValue="10" required />
        </label>
      )}
      {policy === 'factor' && (
        <label>
          {t.factor}
          <input type="number" name="factor" min="0" max="1" step="any" defaultValue="0.5" required />
        </label>
      )}
      <label>
        {t.maxAttempts}
        <input type="number" name="maxAttempts" min="1" max="1000" step="1" />
      </label>
      <label>
        {t.counts}
        <select name="counts" defaultValue="">
          <option value="">{t.inherit}</option>
          <option value="best">{t.best}</option>
          <option value="last">{t.last}</option>
        </select>
      </label>
      <button type="submit" disabled={pending}>
        {t.save}
      </button>
      <span role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
        {state && (state.ok ? t.saved : format(t.failed, { reason: state.reason ?? '' }))}
      </span>
    </form>
  );
}

/** Own dates for one student or a group, with a reason. */
export function ExtensionForm({ targets, t }: { targets: Target[]; t: T }) {
  const [state, action, pending] = useActionState<ActionState<{ granted: number }> | null, FormData>(grantExtensionAction, null);
  useRefreshOnSuccess(state);
  return (
    <form action={action} className="staff-filters dates-form" data-testid="extension-form">
      <TargetSelect targets={targets} t={t} />
      <label>
        {t.students}
        <textarea name="students" rows={2} required />
      </label>
      <label>
        {t.dueAt}
        <input type="datetime-local" name="dueAt" />
      </label>
      <label>
        {t.closeAt}
        <input type="datetime-local" name="closeAt" />
      </label>
      <label>
        {t.reason}
        <input type="text" name="reason" required maxLength={500} />
      </label>
      <button type="submit" disabled={pending}>
        {t.grant}
      </button>
      <span role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
        {state && (state.ok ? format(t.granted, { n: state.data?.granted ?? 0 }) : format(t.failed, { reason: state.reason ?? '' }))}
      </span>
    </form>
  );
}

export function RemoveExtensionButton({ id, t }: { id: string; t: T }) {
  const [state, action, pending] = useActionState<ActionState | null, FormData>(removeExtensionAction, null);
  useRefreshOnSuccess(state);
  return (
    <form action={action}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending}>
        {t.remove}
      </button>
      {state && !state.ok && <span className="form-error">{format(t.failed, { reason: state.reason ?? '' })}</span>}
    </form>
  );
}
