import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { currentMessages } from '../../../lib/site/locale';
import { overrideAudit } from '../../../lib/staff/overrides';
import { QuizAudit } from './QuizAudit';
import { quizOverrideAudit } from '../../../lib/staff/quiz-overrides';
import { pct, utc } from '../format';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.audit.title };
}

/** The audit log of score overrides, newest first. */
export default async function AuditPage() {
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const a = t.course.audit;
  const entries = await overrideAudit(viewer);
  const quizEntries = await quizOverrideAudit(viewer);
  return (
    <section>
      <h1>{a.title}</h1>
      <p className="muted">{a.intro}</p>
      {entries.length === 0 ? (
        <p className="muted">{a.empty}</p>
      ) : (
        <table className="staff-table" data-testid="audit">
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
              <tr key={e.id}>
                <td>{utc(e.at)}</td>
                <td>{e.by}</td>
                <td>{`${e.studentName} <${e.studentEmail}>`}</td>
                <td>{e.exerciseId}</td>
                <td>
                  {pct(e.oldScore)} → {pct(e.newScore)}
                </td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <QuizAudit entries={quizEntries} t={t.staffQuiz.audit} a={a} />
    </section>
  );
}
