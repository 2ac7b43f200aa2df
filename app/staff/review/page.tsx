import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { lineDiff } from '../../../lib/staff/diff';
import { reviewChoices, reviewSubmissions } from '../../../lib/staff/review';
import { Feedback } from '../../_components/Feedback';
import { pct, utc } from '../format';
import { orNotFound } from '../not-found-on';
import { RegradeButton } from '../RegradeButton';
import { itemOverrideAction, overrideAction, removeOverrideAction } from '../actions';
import { ScoreOverrideForm } from './ScoreOverrideForm';
import { QuizReview } from './QuizReview';
import { notFound } from 'next/navigation';
import { AccessError } from '../../../lib/site/errors';
import { reviewQuiz } from '../../../lib/staff/quiz-review';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.tabs.gradebook };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/**
 * One student's submissions of one exercise: code, the feedback the student saw, timings, what
 * counts now (override, regrade or original), the override form, and a diff of two attempts.
 */
export default async function ReviewPage({ searchParams }: Props) {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const params = await searchParams;
  const viewer = await getViewer();
  const { t, locale } = await currentMessages();
  if (one(params.quiz)) {
    // An unknown quiz or a student outside the offering is a 404, not a 500.
    const quizReview = await reviewQuiz(viewer, one(params.student), one(params.quiz), locale).catch((err: unknown) => {
      if (err instanceof AccessError && err.status === 404) notFound();
      throw err;
    });
    return <QuizReview review={quizReview} t={t.staffQuiz.review} tRegrade={t.staffQuiz.regrade} />;
  }
  const r = t.course.review;
  if (!one(params.student) || !one(params.exercise)) return <ReviewPicker student={one(params.student)} exercise={one(params.exercise)} />;
  const review = await orNotFound(() => reviewSubmissions(viewer, one(params.student), one(params.exercise)));
  const subs = review.submissions;
  // Attempt numbers count from the first submission.
  const number = new Map(subs.map((s, i) => [s.id, subs.length - i]));
  const a = subs.find((s) => s.id === one(params.a)) ?? subs[1];
  const b = subs.find((s) => s.id === one(params.b)) ?? subs[0];
  const diff = a && b && a.id !== b.id ? lineDiff(a.code, b.code) : null;

  return (
    <section>
      <h1>{format(r.title, { student: `${review.student.name} <${review.student.email}>`, exercise: review.exerciseTitle })}</h1>
      <RegradeButton exerciseId={review.exerciseId} userId={review.student.id} label={r.regradeStudent} t={{ ...t.course.regrade, failed: r.failed }} />
      <details className="item-override" open={review.itemOverride !== null}>
        <summary>{r.itemOverride}</summary>
        <p className="muted small">{r.itemOverrideHelp}</p>
        {review.itemOverride && <p data-testid="item-override-now">{format(r.itemOverrideNow, { score: pct(review.itemOverride.score), reason: review.itemOverride.reason })}</p>}
        {/* An empty score removes the one in force (itemOverrideAction), so the score is optional here. */}
        <ScoreOverrideForm
          action={itemOverrideAction}
          fields={{ userId: review.student.id, kind: 'exercise', itemId: review.exerciseId }}
          current={review.itemOverride?.score ?? null}
          percentRequired={false}
          labels={{ percent: r.percent, reason: r.reason, submit: r.save, done: r.itemSaved, failed: r.failed }}
          testId="item-override-form"
        />
      </details>
      {subs.length >= 2 && (
        <section aria-labelledby="diff-title">
          <h2 id="diff-title">{r.diff}</h2>
          <form method="get" className="staff-filters">
            <input type="hidden" name="student" value={review.student.id} />
            <input type="hidden" name="exercise" value={review.exerciseId} />
            <label>
              {r.diffFrom}
              <select name="a" defaultValue={a?.id}>
                {subs.map((s) => (
                  <option key={s.id} value={s.id}>{`${format(r.attempt, { n: number.get(s.id) ?? 0 })} · ${utc(s.createdAt)} · ${pct(s.score)}`}</option>
                ))}
              </select>
            </label>
            <label>
              {r.diffTo}
              <select name="b" defaultValue={b?.id}>
                {subs.map((s) => (
                  <option key={s.id} value={s.id}>{`${format(r.attempt, { n: number.get(s.id) ?? 0 })} · ${utc(s.createdAt)} · ${pct(s.score)}`}</option>
                ))}
              </select>
            </label>
            <button type="submit">{r.showDiff}</button>
          </form>
          {diff && (diff.every((l) => l.op === ' ') ? <p className="muted">{r.noDiff}</p> : (
            <div className="diff" data-testid="diff">
              {diff.map((l, i) => (
                <div key={i} className={l.op === '+' ? 'diff-add' : l.op === '-' ? 'diff-del' : ''}>
                  {`${l.op} ${l.text}`}
                </div>
              ))}
            </div>
          ))}
        </section>
      )}
      {subs.length === 0 && <p className="muted">{r.none}</p>}
      {subs.map((s) => (
        <article key={s.id} className="submission-card" data-submission={s.id} data-status={s.status}>
          <h2>
            {format(r.attempt, { n: number.get(s.id) ?? 0 })} · {t.feedback.status[s.status]} · {pct(s.score)}
            {s.late && <span className="tag"> {t.grades.late}</span>}
          </h2>
          <dl className="submission-meta">
            <dt>{r.submitted}</dt>
            <dd>{utc(s.createdAt)}</dd>
            <dt>{r.started}</dt>
            <dd>{utc(s.startedAt)}</dd>
            <dt>{r.graded}</dt>
            <dd>{utc(s.gradedAt)}</dd>
            <dt>{r.gradeMs}</dt>
            <dd>{s.gradeMs === null ? '–' : `${Math.round(s.gradeMs)} ms`}</dd>
            <dt>{r.version}</dt>
            <dd>
              <code>{s.exerciseVersion}</code>
            </dd>
            <dt>{r.original}</dt>
            <dd>{pct(s.originalScore)}</dd>
            {s.regrade && (
              <>
                <dt>{r.regrade}</dt>
                <dd>
                  {pct(s.regrade.score)} · {utc(s.regrade.at)} · <code>{s.regrade.version}</code>
                </dd>
              </>
            )}
            <dt>{r.counts}</dt>
            <dd data-testid="counts">
              {pct(s.score)} ({r.sources[s.source]})
            </dd>
          </dl>
          <details>
            <summary>{r.code}</summary>
            <pre className="code-block">{s.code}</pre>
          </details>
          {s.result && (
            <details open={s.status !== 'passed'}>
              <summary>{r.feedback}</summary>
              <Feedback result={s.result} t={t.feedback} messages={t} />
            </details>
          )}
          {s.regrade && (
            <details>
              <summary>{r.regradeFeedback}</summary>
              <Feedback result={s.regrade.result} t={t.feedback} messages={t} />
            </details>
          )}
          {s.overrides.length > 0 && (
            <section>
              <h3>{r.history}</h3>
              <ul>
                {s.overrides.map((o) => (
                  <li key={o.id}>
                    {utc(o.at)} · {o.by}: {pct(o.oldScore)} → {pct(o.newScore)} — {o.reason}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <details>
            <summary>{r.override}</summary>
            <ScoreOverrideForm
              action={overrideAction}
              fields={{ submissionId: s.id }}
              current={s.score}
              labels={{ percent: r.percent, reason: r.reason, submit: r.save, done: r.saved, failed: r.failed }}
              testId="override-form"
            />
          </details>
          {s.source === 'override' && (
            <ScoreOverrideForm
              action={removeOverrideAction}
              fields={{ submissionId: s.id }}
              mode="remove"
              labels={{ reason: r.removeReason, submit: r.removeOverride, done: r.removed, failed: r.failed }}
              testId="remove-override-form"
            />
          )}
        </article>
      ))}
    </section>
  );
}

/** Without a student or an exercise in the URL, the page asks for them (a bookmark of /staff/review lands here). */
async function ReviewPicker({ student, exercise }: { student: string; exercise: string }) {
  const { t } = await currentMessages();
  const r = t.course.review;
  const choices = await reviewChoices(await getViewer());
  return (
    <section>
      <h1>{t.course.tabs.gradebook}</h1>
      <p className="muted">{r.pick}</p>
      <form method="get" className="staff-filters" data-testid="review-picker">
        <label>
          {r.pickStudent}
          <select name="student" defaultValue={student} required>
            <option value="" />
            {choices.students.map((s) => (
              <option key={s.id} value={s.id}>{`${s.name} <${s.email}>${s.studentNumber ? ` · ${s.studentNumber}` : ''}`}</option>
            ))}
          </select>
        </label>
        <label>
          {r.pickExercise}
          <select name="exercise" defaultValue={exercise} required>
            <option value="" />
            {choices.exercises.map((e) => (
              <option key={e.id} value={e.id}>{`${e.title} (${e.id})`}</option>
            ))}
          </select>
        </label>
        <button type="submit">{r.open}</button>
      </form>
    </section>
  );
}
