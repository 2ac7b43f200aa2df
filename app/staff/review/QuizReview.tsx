import type { Messages } from '../../../lib/i18n/catalog';
import { format } from '../../../lib/i18n/format';
import type { QuizReview as Review } from '../../../lib/staff/quiz-review';
import { pct, utc } from '../format';
import { QuizRegradeForm } from '../quizzes/QuizRegradeForm';
import { quizAttemptOverrideAction, quizItemOverrideAction } from '../quiz-actions';
import { ScoreOverrideForm } from './ScoreOverrideForm';

function points(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * One student's attempts at one quiz: per attempt the answers, each question's verdict and the
 * feedback the student saw (and the latest regrade's), the correct answer for their numbers, what
 * counts now, and the override forms; above them the quiz's counted score for the student.
 */
export function QuizReview({ review, t, tRegrade }: { review: Review; t: Messages['staffQuiz']['review']; tRegrade: Messages['staffQuiz']['regrade'] }) {
  const source = review.itemOverride ? t.quizSources.override : review.bestAttemptScore !== null ? t.quizSources.attempts : t.quizSources.none;
  return (
    <section className="quiz-review" data-quiz={review.quizId}>
      <h1>{format(t.title, { student: `${review.student.name} <${review.student.email}>`, quiz: review.quizTitle })}</h1>
      <section aria-labelledby="quiz-score-title" className="submission-card">
        <h2 id="quiz-score-title">{t.quizScore}</h2>
        <p data-testid="quiz-counted">
          <strong>{format(t.quizScoreIs, { score: pct(review.counted), source })}</strong>
          {review.itemOverride && (
            <>
              {' · '}
              {format(t.bestAttempt, { score: pct(review.bestAttemptScore) })}
            </>
          )}
        </p>
        {review.itemOverrideHistory.length > 0 && (
          <>
            <h3>{t.history}</h3>
            <ul data-testid="quiz-item-history">
              {review.itemOverrideHistory.map((o) => (
                <li key={o.id}>
                  {utc(o.at)} · {o.by}: {o.score === null ? t.removed : pct(o.score)} — {o.reason}
                </li>
              ))}
            </ul>
          </>
        )}
        <details>
          <summary>{t.itemOverride}</summary>
          <div className="quiz-item-override">
            <ScoreOverrideForm
              action={quizItemOverrideAction}
              fields={{ userId: review.student.id, quizId: review.quizId }}
              current={review.counted}
              labels={{ intro: t.itemOverrideIntro, percent: t.percent, reason: t.reason, submit: t.save, done: t.saved, none: t.removed, failed: t.failed }}
              testId="quiz-item-override"
            />
            {review.itemOverride !== null && (
              <ScoreOverrideForm
                action={quizItemOverrideAction}
                fields={{ userId: review.student.id, quizId: review.quizId, remove: '1' }}
                mode="remove"
                labels={{ intro: t.removeIntro, reason: t.reason, submit: t.removeOverride, done: t.saved, none: t.removed, failed: t.failed }}
                testId="quiz-item-override-remove"
              />
            )}
          </div>
        </details>
        <details>
          <summary>{t.regradeStudent}</summary>
          <QuizRegradeForm quizId={review.quizId} userId={review.student.id} t={tRegrade} />
        </details>
      </section>
      {review.attempts.length === 0 && <p className="muted">{t.none}</p>}
      {review.attempts.map((a) => (
        <article key={a.id} className="submission-card" data-attempt={a.id}>
          <h2>
            {format(t.attempt, { n: a.number })} · {pct(a.score)}
          </h2>
          <dl className="submission-meta">
            <dt>{t.submitted}</dt>
            <dd>{utc(a.createdAt)}</dd>
            <dt>{t.version}</dt>
            <dd>
              <code>{a.quizVersion}</code> {a.quizVersion === review.quizVersion && <span className="muted small">{t.versionNow}</span>}
            </dd>
            <dt>{t.language}</dt>
            <dd>{a.locale}</dd>
            <dt>{t.original}</dt>
            <dd>{`${pct(a.originalScore)} (${format(t.points, { points: points(a.originalPoints), max: points(a.maxPoints) })})`}</dd>
            {a.regrade && (
              <>
                <dt>{t.regrade}</dt>
                <dd>
                  {pct(a.regrade.score)} · {utc(a.regrade.at)} · <code>{a.regrade.version}</code>
                </dd>
              </>
            )}
            <dt>{t.counts}</dt>
            <dd data-testid="counts">
              {pct(a.score)} ({t.sources[a.source]})
            </dd>
          </dl>
          <div className="quiz-review-questions">
            {a.questions.map((q) => {
              const v = q.regrade ?? q.original;
              return (
                <section key={q.id} data-question={q.id} data-correct={v?.correct ? 'true' : 'false'} className={v?.correct ? 'cell-full' : v?.answered ? 'cell-part' : ''}>
                  <h3>
                    {format(t.question, { n: q.number })}
                    {v && ` · ${format(t.points, { points: points(v.points), max: points(v.maxPoints) })}`}
                  </h3>
                  {q.promptHtml ? <div dangerouslySetInnerHTML={{ __html: q.promptHtml }} /> : <p className="muted">{t.removedQuestion}</p>}
                  <dl className="submission-meta">
                    <dt>{t.answer}</dt>
                    <dd data-testid="answer">{q.answerHtml ? <span dangerouslySetInnerHTML={{ __html: q.answerHtml }} /> : <span className="muted">{t.notAnswered}</span>}</dd>
                    {q.referenceHtml && (
                      <>
                        <dt>{t.correctAnswer}</dt>
                        <dd dangerouslySetInnerHTML={{ __html: q.referenceHtml }} />
                      </>
                    )}
                    {q.original && (
                      <>
                        <dt>{t.feedback}</dt>
                        <dd data-testid="feedback" dangerouslySetInnerHTML={{ __html: q.original.messageHtml }} />
                      </>
                    )}
                    {q.regrade && (
                      <>
                        <dt>{t.regradeFeedback}</dt>
                        <dd data-testid="regrade-feedback" dangerouslySetInnerHTML={{ __html: q.regrade.messageHtml }} />
                      </>
                    )}
                    {v?.explanationHtml && (
                      <>
                        <dt>{t.explanation}</dt>
                        <dd dangerouslySetInnerHTML={{ __html: v.explanationHtml }} />
                      </>
                    )}
                  </dl>
                </section>
              );
            })}
          </div>
          {a.overrides.length > 0 && (
            <section>
              <h3>{t.history}</h3>
              <ul>
                {a.overrides.map((o) => (
                  <li key={o.id}>
                    {utc(o.at)} · {o.by}: {pct(o.oldScore)} → {pct(o.newScore)} — {o.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <details>
            <summary>{t.attemptOverride}</summary>
            <ScoreOverrideForm
              action={quizAttemptOverrideAction}
              fields={{ attemptId: a.id }}
              current={a.score}
              labels={{ percent: t.percent, reason: t.reason, submit: t.save, done: t.saved, none: t.removed, failed: t.failed }}
              testId="quiz-attempt-override"
            />
          </details>
        </article>
      ))}
    </section>
  );
}
