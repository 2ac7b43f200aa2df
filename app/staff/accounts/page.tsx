import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { canCreateAccounts } from '../../../lib/auth/roles';
import { getViewer } from '../../../lib/auth/session';
import { format } from '../../../lib/i18n/format';
import { currentMessages } from '../../../lib/site/locale';
import { getJoinCode } from '../../../lib/site/account';
import { AccountForm } from '../../_components/AccountForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.staff.title };
}

/** Instructors create instructor and staff accounts here (the command line does the same). */
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
  return (
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
  );
}
