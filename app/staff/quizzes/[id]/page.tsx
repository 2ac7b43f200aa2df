import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getViewer } from '../../../../lib/auth/session';
import { format } from '../../../../lib/i18n/format';
import { AccessError } from '../../../../lib/site/errors';
import { currentMessages } from '../../../../lib/site/locale';
import { listQuizRegradeRuns } from '../../../../lib/staff/quiz-regrade';
import { quizStats } from '../../../../lib/staff/quiz-stats';
import { getQuizCatalog } from '../../../../lib/quiz';
import { pct, utc } from '../../format';
import { QuizRegradeForm } from '../QuizRegradeForm';
import { noOfferingPrompt } from '../../NoOffering';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { t, locale } = await currentMessages();
  const quiz = getQuizCatalog().allById.get((await params).id);
  return { title: format(t.staffQuiz.stats.title, { quiz: quiz?.title[locale] ?? '' }) };
}

/** One quiz in the offering: per-question statistics, and regrading after a key change. */
export default async function QuizStatsPage({ params }: Props) {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const { id } = await params;
  const viewer = await getViewer();
  const { t, locale } = await currentMessages();
  const s = t.staffQuiz.stats;
  const r = t.staffQuiz.regrade;
  const stats = await quizStats(viewer, id, locale).catch((err: unknown) => {
    if (err instanceof AccessError && err.status === 404) notFound();
    throw err;
  });
  const runs = await listQuizRegradeRuns(viewer, { quizId: id });
  const version = getQuizCatalog().allById.get(id)?.version ?? '';
  return (
    <section className="quiz-stats">
      <h1>{format(s.title, { quiz: stats.title })}</h1>
      <p className="muted" data-testid="quiz-stats-summary">
        {format(s.summary, { attempts: stats.attempts, students: stats.students })}{' '}
        <a href={`/staff/preview/quiz/${encodeURIComponent(id)}`}>{s.preview}</a>
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label={format(s.title, { quiz: stats.title })}>
        <table className="staff-table quiz-stats-table" data-testid="quiz-stats">
          <thead>
            <tr>
              <th scope="col">{s.question}</th>
              <th scope="col" className="num">
                {s.answered}
              </th>
              <th scope="col" className="num">
                {s.mean}
              </th>
              <th scope="col" className="num">
                {s.correct}
              </th>
              <th scope="col">{s.wrong}</th>
            </tr>
          </thead>
          <tbody>
            {stats.questions.map((q) => (
              <tr key={q.id} data-question={q.id}>
                <th scope="row" className="quiz-stats-question">
                  <span>{`${q.number}. `}</span>
                  <code className="small">{q.id}</code>
                  <div className="small" dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
                </th>
                <td className="num">{`${q.answered} / ${q.attempts}`}</td>
                <td className="num">{pct(q.meanScore)}</td>
                <td className="num">{q.correct}</td>
                <td>
                  {q.wrong.length === 0 ? (
                    <span className="muted">{s.noWrong}</span>
                  ) : (
                    <ol className="quiz-wrong-answers">
                      {q.wrong.map((w) => (
                        <li key={w.key} data-wrong={w.key}>
                          <span dangerouslySetInnerHTML={{ __html: w.html }} /> <strong>{format(s.times, { n: w.count })}</strong>
                        </li>
                      ))}
                    </ol>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="quiz-regrade-title">
        <h2 id="quiz-regrade-title">{r.title}</h2>
        <p className="muted">{format(r.intro, { version })}</p>
        <QuizRegradeForm quizId={id} t={r} />
        <h3>{r.runs}</h3>
        {runs.length === 0 ? (
          <p className="muted">{r.noRuns}</p>
        ) : (
          <ul data-testid="quiz-regrade-runs">
            {runs.map((run) => (
              <li key={run.id}>{format(r.run, { when: utc(run.createdAt), version: run.quizVersion, total: run.total, changed: run.changed, by: run.by })}</li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
