'use client';

import type { Messages, Locale } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { SubmissionDTO } from '../../../lib/site/dto';
import { Feedback } from '../Feedback';
import { useTimeFormat } from '../History';

/** An attempt from the history in the feedback panel: when it was, its code, a staff override, its feedback. */
export function AttemptView({
  submission,
  last,
  locale,
  t,
  onRestore,
  onClose,
}: {
  submission: SubmissionDTO;
  /** The latest graded attempt, opened when the student came back (not picked from the history). */
  last?: boolean;
  locale: Locale;
  t: { locale: Messages['locale']; grader: Messages['grader']; feedback: Messages['feedback']; history: Messages['history']; grades: Messages['grades']; workbench: Messages['workbench'] };
  onRestore(code: string): void;
  onClose(): void;
}) {
  const time = useTimeFormat(locale);
  return (
    <div className="attempt-view">
      <p className="attempt-banner">
        {format(last ? t.workbench.lastAttempt : t.history.viewing, { time: time(submission.createdAt) })}{' '}
        <button type="button" className="link-button" onClick={() => onRestore(submission.code)}>
          {t.history.restore}
        </button>{' '}
        ·{' '}
        <button type="button" className="link-button" onClick={onClose}>
          {t.history.close}
        </button>
      </p>
      <details>
        <summary>{t.history.code}</summary>
        <pre className="attempt-code">{submission.code}</pre>
      </details>
      {submission.override && (
        <p className="notice" data-testid="override-notice">
          {format(t.grades.overridden, { score: `${Math.round(submission.override.score * 1000) / 10}%` })} ·{' '}
          {format(t.grades.overrideReason, { reason: submission.override.reason })}
        </p>
      )}
      {submission.result && <Feedback result={submission.result} t={t.feedback} messages={t} />}
    </div>
  );
}
