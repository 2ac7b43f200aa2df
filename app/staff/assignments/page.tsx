import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { listAssignments } from '../../../lib/staff/assignments';
import { createAssignmentAction, deleteAssignmentAction, moveAssignmentAction, renameAssignmentAction, setAssignmentItemsAction } from './actions';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.offerings.assignments.title };
}

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** The offering's assignments: which catalogue items count, at how many points, in which order. */
export default async function AssignmentsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const { t } = await currentMessages();
  const a = t.offerings.assignments;
  const params = await searchParams;
  const page = await listAssignments(await getViewer());
  const edit = page.canEdit;
  return (
    <section className="offerings-page">
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <div role="status" aria-live="polite">
        {one(params.ok) && <p className="form-ok">{a.saved}</p>}
        {one(params.error) === 'onlyInstructor' && <p className="form-error">{t.offerings.staffPage.onlyInstructor}</p>}
        {one(params.reason) && <p className="form-error">{one(params.reason)}</p>}
      </div>
      {page.assignments.length === 0 && <p>{a.none}</p>}
      {page.assignments.map((asg, n) => {
        const chosen = new Map(asg.items.map((i) => [`${i.kind}:${i.id}`, i]));
        const points = asg.items.reduce((s, i) => s + i.points, 0);
        return (
          <article key={asg.id} className="assignment" aria-labelledby={`asg-${asg.id}`}>
            <h2 id={`asg-${asg.id}`}>{asg.title}</h2>
            <p>{format(a.total, { n: asg.items.length, points: Math.round(points * 100) / 100 })}</p>
            {edit && (
              <div className="offering-actions">
                <form action={renameAssignmentAction} className="inline-form">
                  <input type="hidden" name="assignmentId" value={asg.id} />
                  <input name="title" defaultValue={asg.title} required maxLength={200} aria-label={a.name} />
                  <button type="submit" className="link-button">
                    {a.rename}
                  </button>
                </form>
                {n > 0 && (
                  <form action={moveAssignmentAction}>
                    <input type="hidden" name="assignmentId" value={asg.id} />
                    <input type="hidden" name="direction" value="up" />
                    <button type="submit" className="link-button">
                      {a.up}
                    </button>
                  </form>
                )}
                {n < page.assignments.length - 1 && (
                  <form action={moveAssignmentAction}>
                    <input type="hidden" name="assignmentId" value={asg.id} />
                    <input type="hidden" name="direction" value="down" />
                    <button type="submit" className="link-button">
                      {a.down}
                    </button>
                  </form>
                )}
                <form action={deleteAssignmentAction}>
                  <input type="hidden" name="assignmentId" value={asg.id} />
                  <button type="submit" className="link-button">
                    {a.remove}
                  </button>
                </form>
              </div>
            )}
            {edit ? (
              <form action={setAssignmentItemsAction}>
                <input type="hidden" name="assignmentId" value={asg.id} />
                <div className="table-scroll">
                  <table className="staff-table assignment-items">
                    <thead>
                      <tr>
                        <th scope="col">{a.include}</th>
                        <th scope="col">{a.items}</th>
                        <th scope="col">{a.points}</th>
                        <th scope="col">{a.order}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.catalogue.map((item) => {
                        const key = `${item.kind}:${item.id}`;
                        const c = chosen.get(key);
                        const label = `${item.section} ${item.title} (${item.kind === 'quiz' ? a.quiz : a.exercise})`;
                        return (
                          <tr key={key}>
                            <td>
                              <input type="checkbox" name={`inc:${key}`} defaultChecked={!!c} aria-label={`${a.include}: ${label}`} />
                            </td>
                            <td>{label}</td>
                            <td>
                              <input type="number" name={`pts:${key}`} min={0} step="any" defaultValue={c?.points ?? item.points} aria-label={`${a.points}: ${label}`} />
                            </td>
                            <td>
                              <input type="number" name={`pos:${key}`} min={0} step={1} defaultValue={c?.position ?? ''} aria-label={`${a.order}: ${label}`} />
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <button type="submit">{a.save}</button>
              </form>
            ) : (
              <ul>
                {asg.items.map((i) => (
                  <li key={`${i.kind}:${i.id}`}>
                    {i.title} · {i.points}
                  </li>
                ))}
              </ul>
            )}
          </article>
        );
      })}
      {edit && (
        <>
          <h2>{a.create}</h2>
          <form action={createAssignmentAction} className="override-form">
            <label>
              {a.name}
              <input name="title" required maxLength={200} />
            </label>
            <button type="submit">{a.add}</button>
          </form>
        </>
      )}
    </section>
  );
}
