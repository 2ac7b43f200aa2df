import { getViewer } from '../lib/auth/session';
import { getCatalog } from '../lib/content/loader';
import { SECTIONS } from '../lib/content/sections';
import { format } from '../lib/i18n/format';
import { currentMessages } from '../lib/site/locale';
import { renderInline } from '../lib/render/markdown';
import { questionCountText } from '../lib/site/quiz-text';
import { getQuizProgress, listQuizzes } from '../lib/site/quizzes';
import { getProgress } from '../lib/site/submissions';

export const dynamic = 'force-dynamic';

/** The course home: chapter 4's sections with their exercises and quizzes, and the viewer's progress on each. */
export default async function CourseHome() {
  const { locale, t } = await currentMessages();
  const { exercises } = getCatalog();
  const viewer = await getViewer();
  const [progress, quizProgress] = await Promise.all([getProgress(viewer), getQuizProgress(viewer)]);
  const quizzes = listQuizzes();
  const course = totals(exercises, progress);
  const quizzesDone = quizzes.filter((q) => quizProgress[q.id]?.bestScore === 1).length;
  return (
    <>
      <h1>{t.home.title}</h1>
      <p className="lede">{t.home.intro}</p>
      {!viewer && (
        <p className="notice">
          {t.home.signInPrompt} <a href="/sign-in">{t.site.signIn}</a> · <a href="/sign-up">{t.site.signUp}</a>
        </p>
      )}
      {viewer && (
        <div data-testid="course-total">
          <p className="course-total">
            {format(t.workbench.courseTotal, { points: round(course.points), max: course.max, solved: course.solved, n: course.n })}
          </p>
          {quizzes.length > 0 && <p className="muted small">{format(t.workbench.quizTotal, { done: quizzesDone, n: quizzes.length })}</p>}
        </div>
      )}
      <ol className="sections">
        {SECTIONS.map((section) => {
          const items = exercises.filter((e) => e.section === section.id);
          const sectionQuizzes = quizzes.filter((q) => q.section === section.id);
          return (
            <li key={section.id} className="section-card" id={`section-${section.id}`}>
              <h2>
                <span className="section-number">{section.id}</span> {section.title[locale]}
              </h2>
              <p className="summary" dangerouslySetInnerHTML={{ __html: renderInline(section.summary[locale]) }} />
              {viewer && items.length > 0 && (
                <p className="section-total" data-testid="section-total">
                  {(() => {
                    const s = totals(items, progress);
                    return format(t.workbench.sectionTotal, { points: round(s.points), max: s.max, solved: s.solved, n: s.n });
                  })()}
                </p>
              )}
              {items.length === 0 ? (
                <p className="muted">{t.home.noExercises}</p>
              ) : (
                <ul className="exercise-list" aria-label={t.home.exercises}>
                  {items.map((e) => {
                    const title = locale === 'zh' && e.translation ? e.translation.title : e.title;
                    const p = progress[e.id];
                    const solved = p?.bestScore === 1;
                    return (
                      <li key={e.id} data-exercise={e.id}>
                        <a href={`/exercises/${e.id}`}>{title}</a>
                        <span className="muted">
                          {' '}
                          · {e.points} {t.home.points}
                        </span>
                        {viewer && (
                          <span className={`progress ${solved ? 'progress-solved' : p ? 'progress-tried' : ''}`} data-testid="progress">
                            {p
                              ? `${solved ? `✓ ${t.home.solved} · ` : ''}${format(t.home.best, { score: percent(p.bestScore) })} · ${
                                  format(t.home.attempts, { n: p.attempts })
                                }${p.overridden ? ` · ${t.grades.overriddenShort}` : ''}`
                              : t.home.notAttempted}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
              {sectionQuizzes.length > 0 && (
                <ul className="exercise-list quiz-list" aria-label={t.quiz.quizzes}>
                  {sectionQuizzes.map((q) => {
                    const p = quizProgress[q.id];
                    const solved = p?.bestScore === 1;
                    return (
                      <li key={q.id} data-quiz={q.id}>
                        <span className="tag">{t.quiz.quizLabel}</span> <a href={`/quizzes/${q.id}`}>{q.title[locale]}</a>
                        <span className="muted">
                          {' '}
                          · {questionCountText(t.quiz, q.questions.length)} · {q.points} {t.home.points}
                        </span>
                        {viewer && (
                          <span className={`progress ${solved ? 'progress-solved' : p ? 'progress-tried' : ''}`} data-testid="progress">
                            {p
                              ? `${solved ? `✓ ${t.home.solved} · ` : ''}${format(t.home.best, { score: percent(p.bestScore) })} · ${
                                  format(t.home.attempts, { n: p.attempts })
                                }`
                              : t.home.notAttempted}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}

function percent(score: number | null): string {
  return score === null ? '–' : `${Math.round(score * 100)}%`;
}

/** Points earned (best score × points, as they count now) against points available, and exercises solved. */
function totals(items: readonly { id: string; points: number }[], progress: Record<string, { bestScore: number | null }>) {
  let points = 0;
  let max = 0;
  let solved = 0;
  for (const e of items) {
    const best = progress[e.id]?.bestScore ?? 0;
    points += best * e.points;
    max += e.points;
    if (best === 1) solved++;
  }
  return { points, max, solved, n: items.length };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
