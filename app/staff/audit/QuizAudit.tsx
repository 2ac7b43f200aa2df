import type { Messages } from '../../../lib/i18n/catalog';
import type { QuizAuditEntry } from '../../../lib/staff/quiz-overrides';
import { pct, utc } from '../format';

/** Quiz score overrides (one attempt, or a student's whole quiz), newest first, each linked to its review. */
export function QuizAudit({ entries, t, a }: { entries: QuizAuditEntry[]; t: Messages['staffQuiz']['audit']; a: Messages['course']['audit'] }) {
  return (
    <section aria-labelledby="quiz-audit-title">
      <h2 id="quiz-audit-title">{t.title}</h2>
      {entries.length === 0 ? (
        <p className="muted">{t.empty}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="quiz-audit-title">
          <table className="staff-table stack-on-phone" data-testid="quiz-audit">
            <thead>
              <tr>
                <th scope="col">{a.when}</th>
                <th scope="col">{a.who}</th>
                <th scope="col">{a.student}</th>
                <th scope="col">{t.quiz}</th>
                <th scope="col">{t.kind}</th>
                <th scope="col">{a.change}</th>
                <th scope="col">{a.reason}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-kind={e.kind}>
                  <td data-label={a.when}>{utc(e.at)}</td>
                  <td data-label={a.who}>{e.by}</td>
                  <td data-label={a.student}>{`${e.studentName} <${e.studentEmail}>`}</td>
                  <td data-label={t.quiz}>
                    <a href={`/staff/review?student=${encodeURIComponent(e.studentId)}&quiz=${encodeURIComponent(e.quizId)}`}>{e.quizId}</a>
                  </td>
                  <td data-label={t.kind}>{t.kinds[e.kind]}</td>
                  <td data-label={a.change}>{e.kind === 'attempt' ? `${pct(e.oldScore)} → ${pct(e.newScore)}` : e.newScore === null ? '✕' : pct(e.newScore)}</td>
                  <td data-label={a.reason}>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
