import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { currentMessages } from '../../../lib/site/locale';
import { auditQueryFromParams } from '../../../lib/staff/http';
import { overrideAudit } from '../../../lib/staff/overrides';
import { QuizAudit } from './QuizAudit';
import { quizAttemptAudit } from '../../../lib/staff/quiz-overrides';
import { pct, utc } from '../format';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.audit.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** The audit log of score overrides (submissions' and whole items'), newest first, filtered, with a CSV of the same rows. */
export default async function AuditPage({ searchParams }: Props) {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const params = await searchParams;
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const a = t.course.audit;
  const query = auditQueryFromParams(params);
  const entries = await overrideAudit(viewer, query);
  // Whole-quiz scores are in the main table with every item override; this section adds the
  // overrides of single quiz attempts, under the same filters.
  const quizEntries = await quizAttemptAudit(viewer, query);
  const csv = new URLSearchParams(Object.entries({ student: one(params.student), item: one(params.item), by: one(params.by), from: one(params.from), to: one(params.to) }).filter(([, v]) => v !== ''));
  return (
    <section>
      <h1>{a.title}</h1>
      <p className="muted">{a.intro}</p>
      <form method="get" className="staff-filters" data-testid="audit-filters">
        <label>
          {a.filterStudent}
          <input name="student" defaultValue={one(params.student)} maxLength={200} />
        </label>
        <label>
          {a.filterItem}
          <input name="item" defaultValue={one(params.item)} maxLength={100} />
        </label>
        <label>
          {a.filterBy}
          <input name="by" defaultValue={one(params.by)} maxLength={200} />
        </label>
        <label>
          {a.from}
          <input name="from" type="date" defaultValue={one(params.from)} />
        </label>
        <label>
          {a.to}
          <input name="to" type="date" defaultValue={one(params.to)} />
        </label>
        <button type="submit">{a.apply}</button>
        <a href={`/api/staff/export/audit${csv.size > 0 ? `?${csv}` : ''}`} download>
          {a.csv}
        </a>
      </form>
      {entries.length === 0 ? (
        <p className="muted">{a.empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="staff-table stack-on-phone" data-testid="audit">
            <thead>
              <tr>
                <th scope="col">{a.when}</th>
                <th scope="col">{a.who}</th>
                <th scope="col">{a.student}</th>
                <th scope="col">{a.exercise}</th>
                <th scope="col">{a.change}</th>
                <th scope="col">{a.reason}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-scope={e.scope} data-removed={e.removed ? '1' : undefined}>
                  <td data-label={a.when}>{utc(e.at)}</td>
                  <td data-label={a.who}>{e.by}</td>
                  <td data-label={a.student}>
                    <a href={`/staff/review?student=${encodeURIComponent(e.studentId)}&${e.itemKind === 'quiz' ? 'quiz' : 'exercise'}=${encodeURIComponent(e.exerciseId)}`}>{`${e.studentName} <${e.studentEmail}>`}</a>
                  </td>
                  <td data-label={a.exercise}>
                    {e.exerciseId} <span className="tag">{a.scopes[e.scope]}</span>
                  </td>
                  <td data-label={a.change}>
                    {pct(e.oldScore)} → {pct(e.newScore)}
                    {e.removed && <span className="tag">{a.removedTag}</span>}
                  </td>
                  <td data-label={a.reason}>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <QuizAudit entries={quizEntries} t={t.staffQuiz.audit} a={a} />
    </section>
  );
}
