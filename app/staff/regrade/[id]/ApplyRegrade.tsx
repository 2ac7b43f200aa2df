'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../../lib/i18n/catalog';
import { format } from '../../../../lib/i18n/format';
import { applyRegradeAction, type ActionState } from '../../actions';

/** Makes a finished dry run count. */
export function ApplyRegrade({ runId, t }: { runId: string; t: Messages['course']['regrade'] & { failed: string } }) {
  const [state, action, pending] = useActionState<ActionState | null, FormData>(applyRegradeAction, null);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={action} className="staff-actions">
      <input type="hidden" name="runId" value={runId} />
      <button type="submit" disabled={pending} data-testid="apply-regrade">
        {t.applyRun}
      </button>
      {state && !state.ok && <span className="form-error">{format(t.failed, { reason: state.reason ?? '' })}</span>}
    </form>
  );
}
