import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getViewer } from '../../../../lib/auth/session';
import { format } from '../../../../lib/i18n/format';
import { AccessError } from '../../../../lib/site/errors';
import { currentMessages } from '../../../../lib/site/locale';
import { getRegradeRun, regradeChanges } from '../../../../lib/staff/regrade';
import { pct, utc } from '../../format';
import { RegradeProgress } from '../../RegradeProgress';
import { ApplyRegrade } from './ApplyRegrade';
import { noOfferingPrompt } from '../../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.regrade.changes };
}

type Props = { params: Promise<{ id: string }> };

/** One regrade run: its progress, which students' scores it moves (or would move), and Apply for a dry run. */
export default async function RegradeRunPage({ params }: Props) {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const { id } = await params;
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const g = t.course.regrade;
  let run;
  try {
    run = await getRegradeRun(viewer, id);
  } catch (err) {
    if (err instanceof AccessError && err.status === 404) notFound();
    throw err;
  }
  const changes = run.status === 'done' ? await regradeChanges(viewer, id) : null;
  return (
    <section>
      <h1>
        {g.changes}: {run.exerciseId}
        {run.dryRun && <span className="tag">{run.appliedAt === null ? g.dryRunTag : g.appliedTag}</span>}
      </h1>
      <p className="muted">
        {run.userId ? g.oneStudent : g.allStudents} · {g.started} {utc(run.createdAt)} · <RegradeProgress runId={run.id} initial={run} t={g} />
      </p>
      {changes && (
        <>
          <p data-testid="regrade-summary">
            {changes.moved.length === 0
              ? g.noChanges
              : format(changes.hypothetical ? g.changesWould : g.changesDid, { moved: changes.moved.length, students: changes.students, up: changes.up, down: changes.down })}
          </p>
          {changes.moved.length > 0 && (
            <table className="staff-table" data-testid="regrade-changes">
              <tbody>
                {changes.moved.map((c) => (
                  <tr key={c.userId} data-direction={(c.after ?? 0) > (c.before ?? 0) ? 'up' : 'down'}>
                    <td>
                      <a href={`/staff/review?student=${encodeURIComponent(c.userId)}&exercise=${encodeURIComponent(run.exerciseId)}`}>{`${c.name} <${c.email}>`}</a>
                    </td>
                    <td>
                      {pct(c.before)} → {pct(c.after)} {(c.after ?? 0) > (c.before ?? 0) ? '▲' : '▼'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {changes.hypothetical && <ApplyRegrade runId={run.id} t={{ ...g, failed: t.course.review.failed }} />}
        </>
      )}
    </section>
  );
}
