'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { itemOverrideAction, type ActionState } from '../actions';
import { pct } from '../format';

/**
 * One student's score for a whole exercise or quiz, whatever their submissions; an empty score
 * removes the one in force.
 */
export function ItemOverrideForm({
  userId,
  kind,
  itemId,
  current,
  t,
}: {
  userId: string;
  kind: 'exercise' | 'quiz';
  itemId: string;
  current: { score: number; reason: string } | null;
  t: Messages['course']['review'];
}) {
  const [state, action, pending] = useActionState<ActionState<{ oldScore: number | null; newScore: number | null }> | null, FormData>(itemOverrideAction, null);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <details className="item-override" open={current !== null}>
      <summary>{t.itemOverride}</summary>
      <p className="muted small">{t.itemOverrideHelp}</p>
      {current && <p data-testid="item-override-now">{format(t.itemOverrideNow, { score: pct(current.score), reason: current.reason })}</p>}
      <form action={action} className="override-form" data-testid="item-override-form">
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="itemId" value={itemId} />
        <label>
          {t.percent}
          <input name="percent" type="number" min={0} max={100} step="0.01" defaultValue={current === null ? '' : Math.round(current.score * 10000) / 100} />
        </label>
        <label>
          {t.reason}
          <textarea name="reason" required minLength={3} maxLength={1000} />
        </label>
        <div role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
          {state && (state.ok && state.data ? format(t.itemSaved, { old: pct(state.data.oldScore), new: pct(state.data.newScore) }) : format(t.failed, { reason: state.reason ?? '' }))}
        </div>
        <button type="submit" disabled={pending}>
          {t.save}
        </button>
      </form>
    </details>
  );
}
