import { getCatalog } from '../lib/content/loader';
import { SECTIONS } from '../lib/content/sections';
import { currentMessages } from '../lib/i18n/locale';
import { renderInline } from '../lib/render/markdown';

export const dynamic = 'force-dynamic';

/** The course home: chapter 4's sections with their exercises. */
export default async function CourseHome() {
  const { locale, t } = await currentMessages();
  const { exercises } = getCatalog();
  return (
    <>
      <h1>{t.home.title}</h1>
      <p className="lede">{t.home.intro}</p>
      <ol className="sections">
        {SECTIONS.map((section) => {
          const items = exercises.filter((e) => e.section === section.id);
          return (
            <li key={section.id} className="section-card" id={`section-${section.id}`}>
              <h2>
                <span className="section-number">{section.id}</span> {section.title[locale]}
              </h2>
              <p className="summary" dangerouslySetInnerHTML={{ __html: renderInline(section.summary[locale]) }} />
              {items.length === 0 ? (
                <p className="muted">{t.home.noExercises}</p>
              ) : (
                <ul className="exercise-list" aria-label={t.home.exercises}>
                  {items.map((e) => {
                    const title = locale === 'zh' && e.translation ? e.translation.title : e.title;
                    return (
                      <li key={e.id}>
                        <a href={`/exercises/${e.id}`}>{title}</a>
                        <span className="muted">
                          {' '}
                          · {e.points} {t.home.points}
                        </span>
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
