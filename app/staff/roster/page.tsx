import type { Metadata } from 'next';
import { getViewer } from '../../../lib/auth/session';
import { currentMessages } from '../../../lib/site/locale';
import { listRoster } from '../../../lib/staff/roster';
import { PendingActions, RosterImport, StudentActions } from './RosterForms';
import { noOfferingPrompt } from '../NoOffering';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.course.roster.title };
}

/** Import the class list; see who has joined; reset passwords; deactivate accounts. */
export default async function RosterPage() {
  const prompt = await noOfferingPrompt();
  if (prompt) return prompt;
  const viewer = await getViewer();
  const { t } = await currentMessages();
  const r = t.course.roster;
  const entries = await listRoster(viewer);
  return (
    <section>
      <h1>{r.title}</h1>
      <p className="muted">{r.intro}</p>
      <RosterImport t={r} a={t.accounts} />
      <table className="staff-table" data-testid="roster">
        <thead>
          <tr>
            <th scope="col">{r.name}</th>
            <th scope="col">{r.email}</th>
            <th scope="col">{r.number}</th>
            <th scope="col">{r.joined}</th>
            <th scope="col">{r.status}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.email} data-email={e.email}>
              <td>{e.name}</td>
              <td>{e.email}</td>
              <td>{e.studentNumber}</td>
              <td>{e.joinedAt ? e.joinedAt.slice(0, 10) : r.notJoined}</td>
              <td>{e.userId ? (e.deactivated ? r.deactivated : r.active) : r.pending}</td>
              <td>{e.userId ? <StudentActions userId={e.userId} deactivated={e.deactivated} t={r} a={t.accounts} /> : <PendingActions email={e.email} name={e.name} studentNumber={e.studentNumber} t={r} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
