import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getViewer } from '../../../../../lib/auth/session';
import { format } from '../../../../../lib/i18n/format';
import { AccessError } from '../../../../../lib/site/errors';
import { currentMessages } from '../../../../../lib/site/locale';
import { freshSeed, parseSeeds, previewQuiz } from '../../../../../lib/staff/quiz-preview';
import { noOfferingPrompt } from '../../../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.quizPreview.title };
}

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * A quiz as chosen students would see it (lib/staff/quiz-preview.ts): every question instantiated
 * for each seed, correct options marked, the answer that scores 100%. "New variant" adds a fresh
 * seed, so staff can look at parameterised questions across many draws.
 */
export default async function QuizPreviewPage({ params, searchParams }: Props) {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const { id } = await params;
  const query = await searchParams;
  const { locale, t } = await currentMessages();
  const p = t.staffQuiz.preview;
  const seeds = parseSeeds(typeof query.seeds === 'string' ? query.seeds : undefined);
  const preview = await previewQuiz(await getViewer(), id, seeds, locale).catch((err: unknown) => {
    if (err instanceof AccessError && err.status === 404) notFound();
    throw err;
  });
  return (
    <section>
      <h1>{format(p.title, { quiz: preview.title })}</h1>
      <p className="muted">{p.intro}</p>
      {preview.held && <p className="notice">{`${p.hidden} ${preview.held}`}</p>}
      <form method="get" className="staff-actions">
        <label>
          {p.seeds} <input name="seeds" defaultValue={seeds.join(', ')} />
        </label>
        <button type="submit">{p.show}</button>
        {preview.parameterised && (
          <a className="button-link" data-testid="new-variant" href={`/staff/preview/quiz/${encodeURIComponent(id)}?seeds=${encodeURIComponent([...seeds, freshSeed()].slice(-6).join(','))}`}>
            {p.newVariant}
          </a>
        )}
      </form>
      {preview.variants.map((v) => (
        <article key={v.seed} data-seed={v.seed} className="submission-card">
          <h2>
            {p.seed} <code>{v.seed}</code>
            {v.student && <span className="muted small"> · {format(p.student, { name: v.student.name, email: v.student.email })}</span>}
          </h2>
          <ol>
            {v.questions.map((q) => (
              <li key={q.id} data-question={q.id}>
                <div dangerouslySetInnerHTML={{ __html: q.promptHtml }} />
                {q.params.length > 0 && (
                  <p className="muted small" data-testid="params">
                    {p.params}: {q.params.map((x) => `${x.name} = ${x.value}`).join(', ')}
                  </p>
                )}
                {q.options && (
                  <ul>
                    {q.options.map((o) => (
                      <li key={o.id} className={o.correct ? 'cell-full' : ''}>
                        <span dangerouslySetInnerHTML={{ __html: o.html }} /> <code className="small">{o.id}</code>
                        {o.correct && <strong> ✓ {p.correct}</strong>}
                      </li>
                    ))}
                  </ul>
                )}
                <p className="small">
                  {p.answer}: <span dangerouslySetInnerHTML={{ __html: q.referenceHtml }} />
                </p>
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
