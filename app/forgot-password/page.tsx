import type { Metadata } from 'next';
import { smtpConfigured } from '../../lib/auth/mail';
import { resetLinkHours } from '../../lib/auth/reset-links';
import { format } from '../../lib/i18n/format';
import { currentMessages } from '../../lib/site/locale';
import { ForgotPasswordForm } from '../_components/ForgotPasswordForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.account.forgotTitle };
}

/**
 * "Forgot your password?": without an e-mail server the course staff make the reset link (roster
 * or accounts page) and pass it on; with one (DELTALAB_SMTP_URL) the person asks for it here.
 */
export default async function ForgotPasswordPage() {
  const { t } = await currentMessages();
  const hours = resetLinkHours();
  return (
    <section className="auth-page">
      <h1>{t.account.forgotTitle}</h1>
      {smtpConfigured() ? (
        <>
          <p className="muted">{t.account.forgotEmailIntro}</p>
          <ForgotPasswordForm t={{ account: t.account, auth: t.auth }} sent={format(t.account.forgotSent, { hours })} />
        </>
      ) : (
        <p data-testid="ask-staff">{format(t.account.forgotAskStaff, { hours })}</p>
      )}
      <p>
        <a href="/sign-in">{t.site.signIn}</a>
      </p>
    </section>
  );
}
