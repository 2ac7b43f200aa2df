import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getViewer } from '../../../../lib/auth/session';
import { format } from '../../../../lib/i18n/format';
import { currentMessages } from '../../../../lib/site/locale';
import { getExerciseView } from '../../../../lib/site/exercises';
import { previewExercise } from '../../../../lib/staff/preview';
import { Feedback } from '../../../_components/Feedback';
import { MistakeDiff } from './MistakeDiff';
import { TryCode } from './TryCode';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const { t, locale } = await currentMessages();
  const view = getExerciseView(id, locale);
  return { title: view ? format(t.course.preview.title, { title: view.title }) : undefined };
}

/**
 * An exercise as a student sees it, then every check (hidden ones too) on the reference solution
 * and on each catalogued mistake, with whether the mistake's hint fires; and a box to grade any
 * code, recording nothing.
 */
export default async function PreviewPage({ params }: Params) {
  const { id } = await params;
  const viewer = await getViewer();
  const { t, locale } = await currentMessages();
  const p = t.course.preview;
  if (viewer?.role !== 'instructor') return <p className="form-error">{t.course.instructorsOnly}</p>;
  const view = getExerciseView(id, locale);
  if (!view) notFound();
  const preview = await previewExercise(viewer, id, locale);
  return (
    <section className="preview-grid">
      <h1>{format(p.title, { title: view.title })}</h1>
      <p className="muted">{p.intro}</p>
      <article className="statement">
        <div className="prose" dangerouslySetInnerHTML={{ __html: view.statementHtml }} />
        <h2>{p.starter}</h2>
        <pre className="code-block">{view.starter}</pre>
      </article>
      <section data-testid="preview-solution">
        <h2>
          {p.solution} · {p.expected}
        </h2>
        {preview.solution && <Feedback result={preview.solution} t={t.feedback} messages={t} />}
      </section>
      {preview.mistakes.map((m) => (
        <section key={m.id} data-mistake={m.id} data-fires={m.fires}>
          <h2>
            {format(p.mistake, { id: m.id })} · <span className={m.fires ? 'fires-ok' : 'fires-bad'}>{m.fires ? p.fires : p.silent}</span>
          </h2>
          {m.description && <p>{m.description}</p>}
          <details open>
            <summary>{p.changes}</summary>
            <MistakeDiff diff={m.diff} />
          </details>
          {m.result ? <Feedback result={m.result} t={t.feedback} messages={t} /> : <p className="fires-bad">{format(p.noPatch, { reason: m.problem ?? '' })}</p>}
        </section>
      ))}
      <TryCode exerciseId={view.id} starter={view.starter} t={{ preview: p, locale: t.locale, feedback: t.feedback, grader: t.grader }} />
    </section>
  );
}
