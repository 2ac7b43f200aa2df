import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { getCatalog } from '../../../lib/content/loader';
import { currentMessages } from '../../../lib/site/locale';
import { listRegradeRuns } from '../../../lib/staff/regrade';
import { utc } from '../format';
import { RegradeProgress } from '../RegradeProgress';
import { RegradeStart } from './RegradeStart';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.regrade.title };
}

/** Start a regrade of an exercise; follow every run's progress. */
export default async function RegradePage() {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const g = t.course.regrade;
  const runs = await listRegradeRuns(viewer);
  const exercises = getCatalog().exercises.map((e) => ({ id: e.id, title: e.title }));
  return (
    <section>
      <h1>{g.title}</h1>
      <p className="muted">{g.intro}</p>
      <RegradeStart exercises={exercises} t={{ ...g, failed: t.course.review.failed }} />
      <h2>{g.runs}</h2>
      <table className="staff-table">
        <tbody>
          {runs.map((r) => (
            <tr key={r.id} data-run={r.id}>
              <td>{r.exerciseId}</td>
              <td>
                {r.userId ? g.oneStudent : g.allStudents}
                {r.dryRun && <span className="tag">{r.appliedAt === null ? g.dryRunTag : g.appliedTag}</span>}
              </td>
              <td>
                {g.started} {utc(r.createdAt)}
              </td>
              <td>
                <RegradeProgress runId={r.id} initial={r} t={g} />
              </td>
              <td>
                <a href={`/staff/regrade/${r.id}`}>{g.changes}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
