import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { CHANGE_PASSWORD_PATH, getSessionViewer } from '../../../lib/auth/session';
import { currentMessages } from '../../../lib/site/locale';
import { ChangePasswordForm } from '../../_components/ChangePasswordForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.account.passwordTitle };
}

/**
 * A signed-in person changes their password. Someone who signed in with a temporary password is
 * sent here from every page (lib/auth/session.ts getViewer) until they have chosen their own, so
 * this page reads the session without that gate.
 */
export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await getSessionViewer();
  if (!viewer) redirect(`/sign-in?next=${encodeURIComponent(CHANGE_PASSWORD_PATH)}`);
  const { t } = await currentMessages();
  if ((await searchParams).changed === '1' && !viewer.mustChangePassword) {
    return (
      <section className="auth-page">
        <h1>{t.account.passwordTitle}</h1>
        <div role="status" className="form-ok" data-testid="password-changed">
          <p>{t.account.changed}</p>
          <p>
            <a href="/" className="button-link">
              {t.account.continue}
            </a>
          </p>
        </div>
      </section>
    );
  }
  return (
    <section className="auth-page">
      <h1>{t.account.passwordTitle}</h1>
      {viewer.mustChangePassword ? (
        <p className="notice" data-testid="must-change">
          {t.account.mustChange}
        </p>
      ) : (
        <p className="muted">{t.account.passwordIntro}</p>
      )}
      <ChangePasswordForm t={{ account: t.account, auth: t.auth }} />
    </section>
  );
}
