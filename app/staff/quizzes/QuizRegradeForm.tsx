'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useEffect } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import { pct } from '../format';
import { quizRegradeAction } from '../quiz-actions';

/**
 * Regrade after a key change: "Dry run" shows how many counted scores would move and whose, up or
 * down, writing nothing; "Regrade and store" does it.
 */
export function QuizRegradeForm({ quizId, userId, t }: { quizId: string; userId?: string; t: Messages['staffQuiz']['regrade'] }) {
  const [state, action, pending] = useActionState(quizRegradeAction, null);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok && state.data?.applied) router.refresh();
  }, [state, router]);
  const d = state?.ok ? state.data : undefined;
  return (
    <form action={action} className="quiz-regrade" data-testid="quiz-regrade">
      <input type="hidden" name="quizId" value={quizId} />
      {userId && <input type="hidden" name="userId" value={userId} />}
      <p className="staff-actions">
        <button type="submit" name="mode" value="dry-run" disabled={pending}>
          {t.dryRun}
        </button>
        <button type="submit" name="mode" value="apply" disabled={pending}>
          {t.apply}
        </button>
      </p>
      <div role="status" aria-live="polite" className={state && !state.ok ? 'form-error' : ''}>
        {pending && t.working}
        {state && !state.ok && format(t.failed, { reason: state.reason ?? '' })}
        {d && (
          <>
            <p data-testid="regrade-summary">
              {format(d.applied ? t.applied : t.planned, { attempts: d.attempts, changed: d.attemptsChanged, students: d.students.length, up: d.up, down: d.down })}
            </p>
            {d.students.length > 0 && (
              <table className="staff-table">
                <thead>
                  <tr>
                    <th scope="col">{t.student}</th>
                    <th scope="col" className="num">
                      {t.before}
                    </th>
                    <th scope="col" className="num">
                      {t.after}
                    </th>
                    <th scope="col">{t.direction}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.students.map((s) => (
                    <tr key={s.userId} data-direction={s.direction}>
                      <th scope="row">{`${s.name} <${s.email}>`}</th>
                      <td className="num">{pct(s.before)}</td>
                      <td className="num">{pct(s.after)}</td>
                      <td>{s.direction === 'up' ? `▲ ${t.up}` : `▼ ${t.down}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </form>
  );
}
