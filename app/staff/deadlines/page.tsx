import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { getCatalog } from '../../../lib/content/loader';
import { SECTIONS } from '../../../lib/content/sections';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { listDeadlines } from '../../../lib/staff/deadlines';
import { utc } from '../format';
import { DeadlineForm } from './DeadlineForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.deadlines.title };
}

/** Open and due dates per section or exercise. */
export default async function DeadlinesPage() {
  const viewer = await getViewer();
  const { t, locale } = await currentMessages();
  const d = t.course.deadlines;
  const deadlines = await listDeadlines(viewer);
  const targets = [
    ...SECTIONS.map((s) => ({ value: `section:${s.id}`, label: `${format(d.sectionLabel, { id: s.id })} ${s.title[locale]}` })),
    ...getCatalog().exercises.map((e) => ({ value: `exercise:${e.id}`, label: `${e.section} · ${e.id}` })),
  ];
  return (
    <section>
      <h1>{d.title}</h1>
      <p className="muted">{d.intro}</p>
      <DeadlineForm targets={targets} t={d} />
      <h2>{d.current}</h2>
      {deadlines.length === 0 ? (
        <p className="muted">{d.none}</p>
      ) : (
        <table className="staff-table" data-testid="deadlines">
          <thead>
            <tr>
              <th scope="col">{d.target}</th>
              <th scope="col">{d.opensAt}</th>
              <th scope="col">{d.dueAt}</th>
            </tr>
          </thead>
          <tbody>
            {deadlines.map((x) => (
              <tr key={`${x.kind}:${x.targetId}`}>
                <td>{x.kind === 'section' ? format(d.sectionLabel, { id: x.targetId }) : x.targetId}</td>
                <td>{utc(x.opensAt)}</td>
                <td>{utc(x.dueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
