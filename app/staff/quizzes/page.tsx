import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { currentMessages } from '../../../lib/site/locale';
import { quizOverview } from '../../../lib/staff/quiz-stats';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.staffQuiz.list.title };
}

/** Every quiz of the catalogue with its attempts in this offering, and the way to its tools. */
export default async function QuizzesPage() {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const viewer = await getViewer();
  const { t, locale } = await currentMessages();
  const l = t.staffQuiz.list;
  const quizzes = await quizOverview(viewer, locale);
  return (
    <section>
      <h1>{l.title}</h1>
      <p className="muted">{l.intro}</p>
      {quizzes.length === 0 ? (
        <p className="muted">{l.none}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={l.title}>
          <table className="staff-table" data-testid="quizzes">
            <thead>
              <tr>
                <th scope="col">{l.quiz}</th>
                <th scope="col">{l.section}</th>
                <th scope="col" className="num">
                  {l.attempts}
                </th>
                <th scope="col" className="num">
                  {l.students}
                </th>
                <th scope="col">{l.stats}</th>
                <th scope="col">{l.preview}</th>
              </tr>
            </thead>
            <tbody>
              {quizzes.map((q) => (
                <tr key={q.id} data-quiz={q.id}>
                  <th scope="row">
                    {q.title}
                    <br />
                    <code className="muted small">{q.id}</code>
                  </th>
                  <td>{q.section}</td>
                  <td className="num">{q.attempts}</td>
                  <td className="num">{q.students}</td>
                  <td>
                    <a href={`/staff/quizzes/${encodeURIComponent(q.id)}`}>{l.stats}</a>
                  </td>
                  <td>
                    <a href={`/staff/preview/quiz/${encodeURIComponent(q.id)}`}>{l.preview}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
