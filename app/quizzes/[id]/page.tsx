import '../quiz.css';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { getLastQuizAttempt, getQuizAttempts, getQuizPage, getQuizProgress, quizTitle } from '../../../lib/site/quizzes';
import { questionCountText } from '../../../lib/site/quiz-text';
import { QuizForm } from '../../_components/QuizForm';
import { DatesNotice } from '../../_components/DatesNotice';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const { locale } = await currentMessages();
  return { title: quizTitle(id, locale) };
}

/**
 * A quiz: prompts rendered on the server with KaTeX in the viewer's language and with their own
 * numbers; the answer inputs, Submit, verdicts and history are the client half (QuizForm).
 */
export default async function QuizPage({ params }: Params) {
  const { id } = await params;
  const { locale, t } = await currentMessages();
  const viewer = await getViewer();
  const quiz = getQuizPage(viewer, id, locale);
  if (!quiz) notFound();
  const [last, attempts, progress] = viewer
    ? await Promise.all([getLastQuizAttempt(viewer, quiz.id, locale), getQuizAttempts(viewer, quiz.id), getQuizProgress(viewer)])
    : [null, [], {} as Awaited<ReturnType<typeof getQuizProgress>>];
  const mine = progress[quiz.id];

  return (
    <article className="quiz-page" aria-labelledby="quiz-title">
      <p className="breadcrumbs">
        <a href="/">{t.site.home}</a> › <a href={`/#section-${quiz.sectionId}`}>{`${quiz.sectionId} ${quiz.sectionTitle}`}</a>
      </p>
      <h1 id="quiz-title">{quiz.title}</h1>
      <p className="muted">
        {t.quiz.quizLabel} · {questionCountText(t.quiz, quiz.questions.length)} · <span data-testid="quiz-weight">{format(t.quiz.courseWeight, { points: quiz.points })}</span>
        {mine && (
          <span data-testid="quiz-progress">
            {' · '}
            {format(mine.attempts === 1 ? t.quiz.bestOnce : t.quiz.best, { score: `${Math.round(mine.bestScore * 100)}%`, n: mine.attempts })}
          </span>
        )}
      </p>
      <DatesNotice item={{ kind: 'quiz', id: quiz.id, section: quiz.sectionId }} viewer={viewer} t={t.dates} />
      {quiz.summaryHtml && <p className="lede" dangerouslySetInnerHTML={{ __html: quiz.summaryHtml }} />}
      <QuizForm key={`${quiz.id}:${locale}`} quiz={quiz} userId={viewer?.id ?? null} last={last} attempts={attempts} locale={locale} t={t.quiz} grades={t.grades} />
    </article>
  );
}
