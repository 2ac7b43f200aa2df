'use client';

import type { Messages, Locale } from '../../../lib/i18n/catalog';
import { Feedback, type TypeWarning } from '../Feedback';
import { AttemptView } from './AttemptView';
import { NextExerciseLink } from './NextExerciseLink';
import type { Phase } from './useGrading';
import { resultOf, type Shown } from './useShownFeedback';

/**
 * The feedback half of the workbench: what is running, a refused request, and the shown feedback
 * (a Check, a Submit or an opened attempt), with the way on after a pass. One polite live region.
 */
export function FeedbackPanel({
  phase,
  notice,
  shown,
  typeWarnings,
  next,
  locale,
  t,
  onShowLine,
  onRestore,
  onClose,
}: {
  phase: Phase;
  notice: string | null;
  shown: Shown | null;
  typeWarnings: TypeWarning[];
  next: { id: string; title: string } | null | undefined;
  locale: Locale;
  t: { locale: Messages['locale']; grader: Messages['grader']; exercise: Messages['exercise']; feedback: Messages['feedback']; history: Messages['history']; grades: Messages['grades']; workbench: Messages['workbench'] };
  onShowLine(line: number, column?: number): void;
  onRestore(code: string): void;
  onClose(): void;
}) {
  const shownResult = resultOf(shown);
  const passed = shownResult?.status === 'passed' && shownResult.mode !== 'check';
  const status = phase === 'checking' ? t.exercise.checking : phase === 'submitting' ? t.exercise.submitting : phase === 'waiting' ? t.exercise.waiting : '';

  return (
    <section className="feedback-panel" id="pane-feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">{t.feedback.title}</h2>
      <div aria-live="polite" aria-atomic="false" className="live-region">
        {status && (
          <p className="running" role="status">
            <span className="spinner" aria-hidden="true" /> {status}
          </p>
        )}
        {notice && (
          <p className="form-error" role="alert">
            {notice}
          </p>
        )}
        {!shown && !status && <p className="muted">{t.feedback.empty}</p>}
        {shown?.kind === 'attempt' ? (
          <AttemptView submission={shown.submission} last={shown.last} locale={locale} t={t} onRestore={onRestore} onClose={onClose} />
        ) : shown ? (
          <Feedback result={shown.result} t={t.feedback} messages={t} onShowLine={onShowLine} typeWarnings={typeWarnings} />
        ) : null}
        {passed && <NextExerciseLink next={next} t={t.workbench} />}
      </div>
    </section>
  );
}
