'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { ActionState } from '../actions';
import { pct } from '../format';
import { quizAttemptOverrideAction, quizItemOverrideAction, type ScoreChange } from '../quiz-actions';

type T = Messages['staffQuiz']['review'];

function Outcome({ state, t }: { state: ActionState<ScoreChange> | null; t: T }) {
  return (
    <div role="status" aria-live="polite" className={state?.ok ? 'form-ok' : 'form-error'}>
      {state && (state.ok && state.data ? format(t.saved, { old: pct(state.data.oldScore), new: state.data.newScore === null ? t.removed : pct(state.data.newScore) }) : format(t.failed, { reason: state.reason ?? '' }))}
    </div>
  );
}

/** The page around a form is rendered on the server: after a change, show it. */
function useRefreshOnSuccess(state: ActionState<ScoreChange> | null) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);
}

/** Sets one attempt's score, with a reason. */
export function QuizAttemptOverrideForm({ attemptId, current, t }: { attemptId: string; current: number; t: T }) {
  const [state, action, pending] = useActionState(quizAttemptOverrideAction, null);
  useRefreshOnSuccess(state);
  return (
    <form action={action} className="override-form" data-testid="quiz-attempt-override">
      <input type="hidden" name="attemptId" value={attemptId} />
      <label>
        {t.percent}
        <input name="percent" type="number" min={0} max={100} step="0.01" required defaultValue={Math.round(current * 10000) / 100} />
      </label>
      <label>
        {t.reason}
        <textarea name="reason" required minLength={3} maxLength={1000} />
      </label>
      <Outcome state={state} t={t} />
      <button type="submit" disabled={pending}>
        {t.save}
      </button>
    </form>
  );
}

/** Sets the student's score for the whole quiz, or removes the one in force. */
export function QuizItemOverrideForm({ userId, quizId, current, overridden, t }: { userId: string; quizId: string; current: number | null; overridden: boolean; t: T }) {
  const [state, action, pending] = useActionState(quizItemOverrideAction, null);
  const [removeState, removeAction, removing] = useActionState(quizItemOverrideAction, null);
  useRefreshOnSuccess(state);
  useRefreshOnSuccess(removeState);
  return (
    <div className="quiz-item-override">
      <form action={action} className="override-form" data-testid="quiz-item-override">
        <p className="muted small">{t.itemOverrideIntro}</p>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="quizId" value={quizId} />
        <label>
          {t.percent}
          <input name="percent" type="number" min={0} max={100} step="0.01" required defaultValue={current === null ? '' : Math.round(current * 10000) / 100} />
        </label>
        <label>
          {t.reason}
          <textarea name="reason" required minLength={3} maxLength={1000} />
        </label>
        <Outcome state={state} t={t} />
        <button type="submit" disabled={pending}>
          {t.save}
        </button>
      </form>
      {overridden && (
        <form action={removeAction} className="override-form" data-testid="quiz-item-override-remove">
          <p className="muted small">{t.removeIntro}</p>
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="quizId" value={quizId} />
          <input type="hidden" name="remove" value="1" />
          <label>
            {t.reason}
            <textarea name="reason" required minLength={3} maxLength={1000} />
          </label>
          <Outcome state={removeState} t={t} />
          <button type="submit" disabled={removing}>
            {t.removeOverride}
          </button>
        </form>
      )}
    </div>
  );
}
