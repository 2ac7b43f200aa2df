'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { overrideAction, type ActionState } from '../actions';
import { pct } from '../format';

/** Sets a submission's score with a required reason (the student sees both). */
export function OverrideForm({ submissionId, current, t }: { submissionId: string; current: number | null; t: Messages['course']['review'] }) {
  const [state, action, pending] = useActionState<ActionState<{ oldScore: number | null; newScore: number }> | null, FormData>(overrideAction, null);
  const router = useRouter();
  // The page around the form is rendered on the server: show the change.
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="override-form" data-testid="override-form">
      <input type="hidden" name="submissionId" value={submissionId} />
      <label>
        {t.percent}
        <input name="percent" type="number" min={0} max={100} step="0.01" required defaultValue={current === null ? '' : Math.round(current * 10000) / 100} />
      </label>
      <label>
        {t.reason}
        <textarea name="reason" required minLength={3} maxLength={1000} />
      </label>
      <div role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
        {state && (state.ok && state.data ? format(t.saved, { old: pct(state.data.oldScore), new: pct(state.data.newScore) }) : format(t.failed, { reason: state.reason ?? '' }))}
      </div>
      <button type="submit" disabled={pending}>
        {t.save}
      </button>
    </form>
  );
}
