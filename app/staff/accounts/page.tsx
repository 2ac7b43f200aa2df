import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { canCreateAccounts } from '../../../lib/auth/roles';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { getJoinCode } from '../../../lib/site/account';
import { listAccounts } from '../../../lib/staff/accounts';
import { AccountForm } from '../../_components/AccountForm';
import { AccountControls } from './AccountRows';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.staff.title };
}

/**
 * Instructors create instructor and staff accounts here (the command line does the same), and
 * manage every account: role, deactivation, password reset link.
 */
export default async function AccountsPage() {
  const viewer = await getViewer();
  if (!viewer) redirect('/sign-in?next=/staff/accounts');
  const { t } = await currentMessages();
  if (!canCreateAccounts(viewer)) {
    return (
      <section>
        <h1>{t.staff.title}</h1>
        <p className="form-error">{t.staff.forbidden}</p>
      </section>
    );
  }
  const joinCode = await getJoinCode(viewer);
  const accounts = await listAccounts(viewer);
  const a = t.accounts;
  return (
    <>
    <section className="auth-page">
      <h1>{t.staff.title}</h1>
      <p className="muted">{t.staff.intro}</p>
      {joinCode && (
        <p>
          <strong>{format(t.staff.joinCode, { code: joinCode })}</strong>
        </p>
      )}
      <AccountForm t={{ auth: t.auth, staff: t.staff, roles: t.site.roles }} />
    </section>
    <section>
      <h2>{a.listTitle}</h2>
      <p className="muted">{a.listIntro}</p>
      <div className="table-scroll">
        <table className="staff-table" data-testid="accounts">
          <thead>
            <tr>
              <th scope="col">{a.name}</th>
              <th scope="col">{a.email}</th>
              <th scope="col">{a.role}</th>
              <th scope="col">{a.status}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {accounts.map((u) => (
              <tr key={u.id} data-email={u.email}>
                <td>
                  {u.name} {u.id === viewer.id && a.you}
                </td>
                <td>{u.email}</td>
                <td>{t.site.roles[u.role]}</td>
                <td>
                  {u.deactivated ? a.deactivated : a.active}
                  {u.mustChangePassword && ` · ${a.mustChange}`}
                </td>
                <td>
                  <AccountControls userId={u.id} role={u.role} deactivated={u.deactivated} self={u.id === viewer.id} a={a} roles={t.site.roles} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
    </>
  );
}
