'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { setDeadlineAction, type ActionState } from '../actions';

export function DeadlineForm({ targets, t }: { targets: { value: string; label: string }[]; t: Messages['course']['deadlines'] }) {
  const [state, action, pending] = useActionState<ActionState | null, FormData>(setDeadlineAction, null);
  const router = useRouter();
  // The page around the form is rendered on the server: show the change.
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="staff-filters">
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
      <label>
        {t.opensAt}
        <input type="datetime-local" name="opensAt" />
      </label>
      <label>
        {t.dueAt}
        <input type="datetime-local" name="dueAt" />
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
