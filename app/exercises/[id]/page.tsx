import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { preload } from 'react-dom';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { getDraft } from '../../../lib/site/drafts';
import { getExerciseView, nextExercise } from '../../../lib/site/exercises';
import { getLiveExamples } from '../../../lib/site/live-examples';
import { monacoPreloads } from '../../../lib/site/monaco';
import { getAttempts, getProgress, getSubmission } from '../../../lib/site/submissions';
import { DatesNotice } from '../../_components/DatesNotice';
import { Workbench } from '../../_components/Workbench';
import { EquationScroll } from './EquationScroll';
import { ExerciseTabs } from '../../_components/ExerciseTabs';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const { locale } = await currentMessages();
  const view = getExerciseView(id, locale);
  return { title: view?.title };
}

/**
 * An exercise: the statement (rendered on the server, so it shows before any script runs) beside
 * the editor, Check/Submit, feedback and history.
 */
export default async function ExercisePage({ params }: Params) {
  const { id } = await params;
  const { locale, t } = await currentMessages();
  const view = getExerciseView(id, locale);
  if (!view) notFound();
  // The editor's files download while the page hydrates, at low priority: the statement first.
  for (const file of monacoPreloads()) preload(file.href, { as: file.as, fetchPriority: 'low' });
  // Monaco's own menus in Chinese: its language pack (see app/_components/monaco-loader.ts).
  if (locale === 'zh') preload('/monaco/vs/nls/lang/zh-cn.js', { as: 'script', fetchPriority: 'low' });
  const liveExamples = getLiveExamples(view.id);
  const viewer = await getViewer();
  const [draft, attempts, progress] = viewer
    ? await Promise.all([getDraft(viewer, view.id), getAttempts(viewer, view.id), getProgress(viewer)])
    : [null, [], {} as Awaited<ReturnType<typeof getProgress>>];
  const mine = progress[view.id];
  // Coming back to an exercise shows the feedback of the latest graded attempt.
  const latestGraded = attempts.find((a) => a.status !== 'queued' && a.status !== 'grading');
  const lastAttempt = viewer && latestGraded ? await getSubmission(viewer, latestGraded.id).catch(() => null) : null;
  const next = nextExercise(view.id, locale);

  return (
    <ExerciseTabs labels={t.workbench.tabs} label={t.workbench.tabsLabel}>
      <article className="statement" id="pane-statement" aria-labelledby="exercise-title">
        <p className="breadcrumbs">
          <a href="/">{t.site.home}</a> › <a href={`/#section-${view.sectionId}`}>{`${view.sectionId} ${view.sectionTitle}`}</a>
        </p>
        <h1 id="exercise-title">{view.title}</h1>
        <p className="muted">
          {format(t.exercise.points, { points: view.points })}
          {mine && (
            <span data-testid="exercise-progress">
              {' · '}
              {format(t.exercise.progress, { score: mine.bestScore === null ? '–' : `${Math.round(mine.bestScore * 100)}%`, n: mine.attempts })}
            </span>
          )}
        </p>
        {view.untranslated && <p className="notice small">{t.exercise.untranslated}</p>}
        <DatesNotice exerciseId={view.id} offeringId={viewer?.offering?.id ?? null} t={t.grades} />
        <div className="prose" dangerouslySetInnerHTML={{ __html: view.statementHtml }} />
        <EquationScroll label={t.workbench.equation} />
      </article>
      <Workbench
        key={view.id}
        exerciseId={view.id}
        title={view.title}
        starter={view.starter}
        declarations={view.declarations}
        userId={viewer?.id ?? null}
        draft={draft}
        attempts={attempts}
        lastAttempt={lastAttempt}
        next={next}
        locale={locale}
        liveExamples={await liveExamples}
        t={{ locale: t.locale, exercise: t.exercise, feedback: t.feedback, grader: t.grader, history: t.history, grades: t.grades, workbench: t.workbench, live: t.live }}
      />
    </ExerciseTabs>
  );
}
