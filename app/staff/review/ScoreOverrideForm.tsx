'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import { format } from '../../../lib/i18n/format';
import type { ActionState } from '../actions';
import { pct } from '../format';
import type { ScoreChange } from '../quiz-actions';

export interface ScoreOverrideLabels {
  /** The score field's label; unused when removing. */
  percent?: string;
  reason: string;
  submit: string;
  /** After a change: a template with {old} and {new}. */
  done: string;
  /** Shown for {new} when the change left no score of its own (an override removed). */
  none?: string;
  /** A template with {reason}. */
  failed: string;
  /** A line above the fields, when the form needs one. */
  intro?: string;
}

/**
 * The one form behind every score override in the staff tools (a submission, a quiz attempt, a
 * student's whole exercise or quiz) and behind removing one: a score and a required reason (the
 * student sees it, the audit log keeps it), posted to the server action given with the hidden
 * fields naming the target. `mode="remove"` asks only for the reason.
 */
export function ScoreOverrideForm<D extends ScoreChange>({
  action,
  fields,
  mode = 'set',
  current = null,
  percentRequired = true,
  labels,
  testId,
}: {
  action: (prev: ActionState<D> | null, form: FormData) => Promise<ActionState<D>>;
  /** Hidden inputs naming what is overridden (submissionId, attemptId, userId + itemId…). */
  fields: Record<string, string>;
  mode?: 'set' | 'remove';
  /** The score the field starts at, in [0, 1]. */
  current?: number | null;
  /** Off where an empty score means "remove the override in force". */
  percentRequired?: boolean;
  labels: ScoreOverrideLabels;
  testId: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const router = useRouter();
  // The page around the form is rendered on the server: after a change, show it.
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
  return (
    <form action={formAction} className="override-form" data-testid={testId}>
      {labels.intro && <p className="muted small">{labels.intro}</p>}
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {mode === 'set' && (
        <label>
          {labels.percent}
          <input name="percent" type="number" min={0} max={100} step="0.01" required={percentRequired} defaultValue={current === null ? '' : Math.round(current * 10000) / 100} />
        </label>
      )}
      <label>
        {labels.reason}
        <textarea name="reason" required minLength={3} maxLength={1000} />
      </label>
      <div role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
        {state &&
          (state.ok && state.data
            ? format(labels.done, { old: pct(state.data.oldScore), new: state.data.newScore === null && labels.none ? labels.none : pct(state.data.newScore) })
            : format(labels.failed, { reason: state.reason ?? '' }))}
      </div>
      <button type="submit" disabled={pending}>
        {labels.submit}
      </button>
    </form>
  );
}
