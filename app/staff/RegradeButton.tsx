'use client';

import { useActionState } from 'react';
import type { Messages } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { startRegradeAction, type ActionState } from './actions';
import { RegradeProgress } from './RegradeProgress';

/**
 * Starts a regrade run (of an exercise, or of one student's submissions of it) and follows it.
 * With `dryRunOption`, staff may ask for a dry run, whose results count only once applied.
 */
export function RegradeButton({ exerciseId, userId, label, dryRunOption, t }: { exerciseId: string; userId?: string; label: string; dryRunOption?: boolean; t: Messages['course']['regrade'] & { failed: string } }) {
  const [state, action, pending] = useActionState<ActionState<{ runId: string }> | null, FormData>(startRegradeAction, null);
  return (
    <form action={action} className="staff-actions">
      <input type="hidden" name="exerciseId" value={exerciseId} />
      {userId && <input type="hidden" name="userId" value={userId} />}
      {dryRunOption && (
        <label className="inline-check">
          <input type="checkbox" name="dryRun" value="1" data-testid="dry-run" /> {t.dryRun}
        </label>
      )}
      <button type="submit" disabled={pending}>
        {label}
      </button>
      {state?.ok && state.data && (
        <>
          <RegradeProgress runId={state.data.runId} t={t} />{' '}
          <a href={`/staff/regrade/${state.data.runId}`}>{t.changes}</a>
        </>
      )}
      {state && !state.ok && <span className="form-error">{format(t.failed, { reason: state.reason ?? '' })}</span>}
    </form>
  );
}
