import { randomBytes } from 'node:crypto';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getViewer } from '../../../../../lib/auth/session';
import { currentMessages } from '../../../../../lib/site/locale';
import { instantiateQuiz, quizSeed, referenceAnswer } from '../../../../../lib/quiz';
import { getQuizCatalog } from '../../../../../lib/quiz/loader';
import { renderMarkdown } from '../../../../../lib/render/markdown';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.quizPreview.title };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * A quiz as chosen students would see it: every question instantiated for each seed (a student id
 * is the seed students get), with the reference answer. "New variant" draws a fresh seed, so an
 * author can look at parameterised questions across many draws. Drafts and held-back quizzes too.
 */
export default async function QuizPreviewPage({ params, searchParams }: Props) {
  const viewer = await getViewer();
  const { id } = await params;
  const query = await searchParams;
  const { locale, t } = await currentMessages();
  if (viewer?.role !== 'instructor') return <p className="form-error">{t.course.instructorsOnly}</p>;
  const p = t.course.quizPreview;
  const quiz = getQuizCatalog().allById.get(id);
  if (!quiz) notFound();
  const seeds = (typeof query.seeds === 'string' ? query.seeds : 'student-1')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 6);
  const parameterised = quiz.questions.some((q) => Object.keys(q.params ?? {}).length > 0);
  const fresh = `variant-${randomBytes(4).toString('hex')}`;
  const held = getQuizCatalog().held.get(id);
  return (
    <section>
      <h1>{`${p.title}: ${quiz.title[locale]}`}</h1>
      {held && <p className="notice">{`${p.hidden} ${held}`}</p>}
      <form method="get" className="staff-actions">
        <label>
          {p.seeds} <input name="seeds" defaultValue={seeds.join(', ')} />
        </label>
        <button type="submit">{p.show}</button>
        {parameterised && (
          <a className="button-link" href={`/staff/preview/quiz/${encodeURIComponent(id)}?seeds=${encodeURIComponent([...seeds, fresh].join(','))}`}>
            {p.newVariant}
          </a>
        )}
      </form>
      {seeds.map((seed) => {
        const view = instantiateQuiz(quiz, seed, locale);
        return (
          <article key={seed} data-seed={seed}>
            <h2>
              {p.seed} <code>{seed}</code>
            </h2>
            <ol>
              {view.questions.map((q, i) => (
                <li key={q.id} data-question={q.id}>
                  <div dangerouslySetInnerHTML={{ __html: renderMarkdown(q.prompt) }} />
                  {'options' in q && (
                    <ul>
                      {q.options.map((o) => (
                        <li key={o.id} dangerouslySetInnerHTML={{ __html: renderMarkdown(o.text) }} />
                      ))}
                    </ul>
                  )}
                  <p className="muted small">
                    {p.answer} <code>{JSON.stringify(referenceAnswer(quiz.questions[i]!, quizSeed(seed, quiz.id)))}</code>
                  </p>
                </li>
              ))}
            </ol>
          </article>
        );
      })}
    </section>
  );
}
