import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { lineDiff } from '../../../lib/staff/diff';
import { reviewSubmissions } from '../../../lib/staff/review';
import { Feedback } from '../../_components/Feedback';
import { pct, utc } from '../format';
import { RegradeButton } from '../RegradeButton';
import { ItemOverrideForm } from './ItemOverrideForm';
import { OverrideForm } from './OverrideForm';
import { RemoveOverrideForm } from './RemoveOverrideForm';

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
  const params = await searchParams;
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const r = t.course.review;
  const review = await reviewSubmissions(viewer, one(params.student), one(params.exercise));
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
      <ItemOverrideForm userId={review.student.id} kind="exercise" itemId={review.exerciseId} current={review.itemOverride} t={r} />
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
            <OverrideForm submissionId={s.id} current={s.score} t={r} />
          </details>
          {s.source === 'override' && <RemoveOverrideForm submissionId={s.id} t={r} />}
        </article>
      ))}
    </section>
  );
}
