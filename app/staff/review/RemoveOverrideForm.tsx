'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { removeOverrideAction, type ActionState } from '../actions';
import { pct } from '../format';

/** Takes a submission's override away (with a reason, kept in the audit log). */
export function RemoveOverrideForm({ submissionId, t }: { submissionId: string; t: Messages['course']['review'] }) {
  const [state, action, pending] = useActionState<ActionState<{ oldScore: number | null; newScore: number | null }> | null, FormData>(removeOverrideAction, null);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="override-form" data-testid="remove-override-form">
      <input type="hidden" name="submissionId" value={submissionId} />
      <label>
        {t.removeReason}
        <input name="reason" required minLength={3} maxLength={1000} />
      </label>
      <div role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
        {state && (state.ok && state.data ? format(t.removed, { old: pct(state.data.oldScore), new: pct(state.data.newScore) }) : format(t.failed, { reason: state.reason ?? '' }))}
      </div>
      <button type="submit" disabled={pending}>
        {t.removeOverride}
      </button>
    </form>
  );
}
