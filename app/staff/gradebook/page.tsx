import type { Metadata } from 'next';
import { Fragment } from 'react';
import type { Messages } from '../../../lib/i18n/catalog';
import { getViewer } from '../../../lib/auth/session';
import { SECTIONS } from '../../../lib/content/sections';
import { format } from '../../../lib/i18n/format';
import { shown } from '../../../lib/i18n/message';
import { currentMessages } from '../../../lib/site/locale';
import { parseFilters } from '../../../lib/staff/access';
import { courseStats, getGradebook, GradebookQuery, itemKey, type GradebookRow } from '../../../lib/staff/gradebook';
import type { GradebookItem } from '../../../lib/staff/items';
import { gradebookQueryFromParams } from '../../../lib/staff/http';
import { pct, points, utc } from '../format';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.gradebook.title };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Students × items with filters, totals, links to each student's submissions, and statistics. */
export default async function GradebookPage({ searchParams }: Props) {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const params = await searchParams;
  const viewer = await getViewer();
  const { t, locale } = await currentMessages();
  const g = t.course.gradebook;
  const book = await getGradebook(viewer, parseFilters(GradebookQuery, gradebookQueryFromParams(params)));
  const q = book.query;
  const exportQuery = new URLSearchParams();
  if (q.section) exportQuery.set('section', q.section);
  if (q.student) exportQuery.set('student', q.student);
  if (q.unfinished) exportQuery.set('unfinished', '1');
  if (!q.countLate) exportQuery.set('late', '0');
  exportQuery.set('sort', q.sort);
  // Columns grouped by assignment, each with its subtotal; items in none grouped by section.
  const hasAssignments = book.groups.some((grp) => grp.kind === 'assignment');
  const sectionTitle = (id: string) => {
    const sec = SECTIONS.find((x) => x.id === id);
    const title = sec ? `${sec.id} ${sec.title[locale]}` : id;
    return hasAssignments ? `${g.noAssignment} · ${title}` : title;
  };
  const stats = await courseStats(
    viewer,
    book.items.filter((i) => i.kind === 'exercise').map((i) => i.id),
    { countLate: q.countLate },
  );

  return (
    <section>
      <h1>{g.title}</h1>
      <p className="muted">{g.intro}</p>
      <p className="notice small">{g.regradeNote}</p>
      <form method="get" className="staff-filters">
        <label>
          {g.section}
          <select name="section" defaultValue={q.section ?? ''}>
            <option value="">{g.allSections}</option>
            {SECTIONS.map((s) => (
              <option key={s.id} value={s.id}>{`${s.id} ${s.title[locale]}`}</option>
            ))}
          </select>
        </label>
        <label>
          {g.student}
          <input name="student" defaultValue={q.student ?? ''} />
        </label>
        <label>
          {g.sort}
          <select name="sort" defaultValue={q.sort}>
            {(Object.keys(g.sorts) as (keyof typeof g.sorts)[]).map((k) => (
              <option key={k} value={k}>
                {g.sorts[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" name="unfinished" value="1" defaultChecked={q.unfinished} /> {g.unfinished}
        </label>
        <label className="inline">
          <select name="late" defaultValue={q.countLate ? '1' : '0'} aria-label={g.countLate}>
            <option value="1">{g.countLate}: ✓</option>
            <option value="0">{g.countLate}: ✗</option>
          </select>
        </label>
        <button type="submit">{g.apply}</button>
      </form>
      <p className="staff-actions">
        <a className="button-link" href={`/api/staff/export/gradebook?${exportQuery}`} data-testid="export-gradebook" download>
          {g.exportGradebook}
        </a>
        <a className="button-link" href="/api/staff/export/submissions" data-testid="export-submissions" download>
          {g.exportSubmissions}
        </a>
      </p>
      {book.rows.length === 0 ? (
        <p className="muted">{g.noStudents}</p>
      ) : (
        // A region that scrolls sideways must take keyboard focus, or keyboard users cannot scroll it.
        <div className="table-scroll gradebook-scroll" tabIndex={0} role="region" aria-label={g.title}>
          <table className="staff-table gradebook" data-testid="gradebook">
            <thead>
              <tr className="group-row">
                <td className="sticky-col" colSpan={1} />
                <td colSpan={2} />
                {book.groups.map((grp) =>
                  grp.kind === 'assignment' ? (
                    <th key={grp.assignmentId} scope="colgroup" colSpan={grp.items.length + 1} className="group-head" data-assignment={grp.assignmentId}>
                      <span className="group-title">{grp.title}</span>
                    </th>
                  ) : (
                    <th key={`section:${grp.section}`} scope="colgroup" colSpan={grp.items.length} className="group-head group-none">
                      <span className="group-title">{sectionTitle(grp.section)}</span>
                    </th>
                  ),
                )}
              </tr>
              <tr>
                <th scope="col" className="sticky-col">
                  {g.name}
                </th>
                <th scope="col" className="num">
                  {g.total}
                </th>
                <th scope="col">{g.lastSubmission}</th>
                {book.groups.map((grp) => (
                  <Fragment key={grp.kind === 'assignment' ? grp.assignmentId : `section:${grp.section}`}>
                    {grp.items.map((i) => (
                      <th key={itemKey(i)} scope="col" className="item-head" title={`${i.kind}:${i.id} · ${format(g.itemPoints, { n: i.points })}`}>
                        <span className="item-title">{(locale === 'zh' && i.titleZh) || i.title}</span>
                        <span className="muted small">
                          {i.kind === 'quiz' ? `${g.quiz} · ` : ''}
                          {format(g.itemPoints, { n: i.points })}
                        </span>
                      </th>
                    ))}
                    {grp.kind === 'assignment' && (
                      <th scope="col" className="num subtotal-head" title={format(g.subtotalOf, { title: grp.title })}>
                        {g.subtotal}
                        <span className="muted small">{format(g.itemPoints, { n: grp.items.reduce((sum, i) => sum + i.points, 0) })}</span>
                      </th>
                    )}
                  </Fragment>
                ))}
              </tr>
            </thead>
            <tbody>
              {book.rows.map((r) => (
                <tr key={r.student.id} data-student={r.student.email}>
                  <th scope="row" className="sticky-col">
                    {r.student.name}
                    <br />
                    <span className="muted small">
                      {r.student.email}
                      {r.student.studentNumber && ` · ${r.student.studentNumber}`}
                      {r.student.deactivated && ` · ${g.deactivated}`}
                      {!r.student.joined && ` · ${g.notJoined}`}
                    </span>
                  </th>
                  <td className="num" data-testid="total">
                    {pct(r.total)}
                    <br />
                    <span className="muted small">
                      {points(r.points)} / {points(r.maxPoints)}
                    </span>
                  </td>
                  <td className="small">{utc(r.lastAt)}</td>
                  {book.groups.map((grp) => (
                    <Fragment key={grp.kind === 'assignment' ? grp.assignmentId : `section:${grp.section}`}>
                      {grp.items.map((i) => (
                        <ItemCell key={itemKey(i)} item={i} row={r} g={g} extendedMark={t.dates.extendedMark} />
                      ))}
                      {grp.kind === 'assignment' && (
                        <td className="num subtotal" data-subtotal={grp.assignmentId}>
                          {pct(r.assignments[grp.assignmentId]?.total ?? 0)}
                          <br />
                          <span className="muted small">
                            {points(r.assignments[grp.assignmentId]?.points ?? 0)} / {points(r.assignments[grp.assignmentId]?.maxPoints ?? 0)}
                          </span>
                        </td>
                      )}
                    </Fragment>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="exercise-stats-title">{g.stats}</h2>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="exercise-stats-title">
        <table className="staff-table" data-testid="exercise-stats">
          <thead>
            <tr>
              <th scope="col">{g.exercise}</th>
              <th scope="col" className="num">
                {g.studentsTried}
              </th>
              <th scope="col" className="num">
                {g.meanBest}
              </th>
              <th scope="col" className="num">
                {g.passed}
              </th>
              <th scope="col" className="num">
                {g.attemptsToPass}
              </th>
              <th scope="col">{g.failedCheck}</th>
              <th scope="col">{g.mistake}</th>
            </tr>
          </thead>
          <tbody>
            {stats.map((s) => (
              <tr key={s.exerciseId} data-exercise={s.exerciseId}>
                <th scope="row">{s.exerciseId}</th>
                <td className="num">{s.students}</td>
                <td className="num">{pct(s.meanBest)}</td>
                <td className="num">{s.passed}</td>
                <td className="num">{s.attemptsToPass === null ? '–' : s.attemptsToPass.toFixed(1)}</td>
                <td>{s.failedCheck ? `${shown(s.failedCheck.titleI18n, s.failedCheck.title, t)} (${s.failedCheck.count})` : '–'}</td>
                <td>{s.mistake ? `${s.mistake.id} (${s.mistake.count})` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One student's cell for one item: the counted score, linking to their review of it. */
function ItemCell({ item: i, row: r, g, extendedMark }: { item: GradebookItem; row: GradebookRow; g: Messages['course']['gradebook']; extendedMark: string }) {
  const c = r.cells[itemKey(i)];
  const cls = !c ? '' : c.bestScore === 1 ? 'cell-full' : 'cell-part';
  return (
    <td data-item={itemKey(i)} className={`num ${cls} ${c?.lateAttempts ? 'cell-late' : ''}`}>
      {c ? (
        <a href={`/staff/review?student=${encodeURIComponent(r.student.id)}&${i.kind === 'quiz' ? 'quiz' : 'exercise'}=${encodeURIComponent(i.id)}`}>
          {pct(c.bestScore)}
          <br />
          <span className="small">
            {format(g.attempts, { n: c.attempts })}
            {c.lateAttempts > 0 && ` · ${format(g.lateCount, { n: c.lateAttempts })}`}
            {c.extended && (
              <>
                {' · '}
                <span className="cell-extended" data-testid="extended">
                  {extendedMark}
                </span>
              </>
            )}
          </span>
        </a>
      ) : (
        '·'
      )}
    </td>
  );
}
