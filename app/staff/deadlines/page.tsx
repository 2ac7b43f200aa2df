import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { getCatalog } from '../../../lib/content/loader';
import { SECTIONS } from '../../../lib/content/sections';
import { format } from '../../../lib/i18n/format';
import { zonedMinutes } from '../../../lib/i18n/time-zone';
import { getQuizCatalog } from '../../../lib/quiz/loader';
import { currentMessages } from '../../../lib/site/locale';
import { deadlinesContext, listDeadlines, listExtensions, type DeadlineDTO } from '../../../lib/staff/deadlines';
import { DeadlineForm, ExtensionForm, RemoveExtensionButton } from './DeadlineForm';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.dates.staff.title };
}

/** Dates and rules per section, assignment, exercise or quiz, and per-student extensions, in the offering's time zone. */
export default async function DeadlinesPage() {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const viewer = await getViewer();
  const { t, locale } = await currentMessages();
  const d = t.dates.staff;
  const [deadlines, extensions, { zone, assignments }] = await Promise.all([listDeadlines(viewer), listExtensions(viewer), deadlinesContext(viewer)]);
  const titles = new Map<string, string>([
    ...SECTIONS.map((s) => [`section:${s.id}`, `${format(d.sectionLabel, { id: s.id })} ${s.title[locale]}`] as const),
    ...assignments.map((a) => [`assignment:${a.id}`, format(d.assignmentLabel, { title: a.title })] as const),
    ...getCatalog().exercises.map((e) => [`exercise:${e.id}`, `${e.section} · ${e.title}`] as const),
    ...getQuizCatalog().quizzes.map((q) => [`quiz:${q.id}`, `${q.section} · ${q.title[locale]}`] as const),
  ]);
  const targets = [...titles].map(([value, label]) => ({ value, label: `${d.kinds[value.split(':')[0] as DeadlineDTO['kind']]}: ${label}` }));
  const when = (ms: number | null) => (ms === null ? '–' : zonedMinutes(ms, zone));
  const policy = (p: DeadlineDTO['latePolicy']) =>
    p === null ? '–' : p.kind === 'none' ? d.noPenalty : p.kind === 'per-day' ? format(d.perDay, { percent: p.percent }) : format(d.factorOf, { factor: p.factor });
  return (
    <section>
      <h1>{d.title}</h1>
      <p className="muted">{format(d.intro, { zone })}</p>
      <p data-testid="zone">
        <strong>{format(d.zone, { zone })}</strong>
      </p>
      <DeadlineForm targets={targets} t={d} />
      <h2>{d.current}</h2>
      {deadlines.length === 0 ? (
        <p className="muted">{d.none}</p>
      ) : (
        <div className="table-scroll">
          <table className="staff-table stack-on-phone" data-testid="deadlines">
            <thead>
              <tr>
                <th scope="col">{d.kind}</th>
                <th scope="col">{d.item}</th>
                <th scope="col">{d.opensAt}</th>
                <th scope="col">{d.dueAt}</th>
                <th scope="col">{d.closeAt}</th>
                <th scope="col">{d.latePolicy}</th>
                <th scope="col">{d.maxAttempts}</th>
                <th scope="col">{d.counts}</th>
              </tr>
            </thead>
            <tbody>
              {deadlines.map((x) => (
                <tr key={`${x.kind}:${x.targetId}`} data-kind={x.kind}>
                  <td data-label={d.kind}>{d.kinds[x.kind]}</td>
                  <td data-label={d.item}>{titles.get(`${x.kind}:${x.targetId}`) ?? x.targetId}</td>
                  <td data-label={d.opensAt}>{when(x.opensAt)}</td>
                  <td data-label={d.dueAt}>{when(x.dueAt)}</td>
                  <td data-label={d.closeAt}>{when(x.closeAt)}</td>
                  <td data-label={d.latePolicy}>{policy(x.latePolicy)}</td>
                  <td className="num" data-label={d.maxAttempts}>{x.maxAttempts ?? '–'}</td>
                  <td data-label={d.counts}>{x.counts === null ? '–' : d[x.counts]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{d.extensions}</h2>
      <p className="muted">{d.extensionsIntro}</p>
      <ExtensionForm targets={targets} t={d} />
      {extensions.length === 0 ? (
        <p className="muted">{d.noExtensions}</p>
      ) : (
        <div className="table-scroll">
          <table className="staff-table stack-on-phone" data-testid="extensions">
            <thead>
              <tr>
                <th scope="col">{d.student}</th>
                <th scope="col">{d.item}</th>
                <th scope="col">{d.dueAt}</th>
                <th scope="col">{d.closeAt}</th>
                <th scope="col">{d.reason}</th>
                <th scope="col">
                  <span className="sr-only">{d.remove}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {extensions.map((x) => (
                <tr key={x.id}>
                  <td data-label={d.student}>
                    {x.name} <span className="muted small">{x.email}</span>
                  </td>
                  <td data-label={d.item}>{titles.get(`${x.kind}:${x.targetId}`) ?? x.targetId}</td>
                  <td data-label={d.dueAt}>{when(x.dueAt)}</td>
                  <td data-label={d.closeAt}>{when(x.closeAt)}</td>
                  <td data-label={d.reason}>{x.reason}</td>
                  <td data-label="">
                    <RemoveExtensionButton id={x.id} t={d} />
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
