import type { Metadata } from 'next';
import { resetTokenIsLive } from '../../lib/auth/reset-links';
import { getDb } from '../../lib/db';
import { currentMessages } from '../../lib/site/locale';
import { ResetPasswordForm } from '../_components/ResetPasswordForm';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.account.resetTitle };
}

/** Where a reset link lands: choose a new password (better-auth's resetPassword consumes the token). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).token;
  const token = typeof raw === 'string' ? raw : '';
  const { t } = await currentMessages();
  const live = await resetTokenIsLive(await getDb(), token);
  return (
    <section className="auth-page">
      <h1>{t.account.resetTitle}</h1>
      {live ? (
        <>
          <p className="muted">{t.account.resetIntro}</p>
          <ResetPasswordForm token={token} t={{ account: t.account, auth: t.auth }} />
        </>
      ) : (
        <p className="form-error" data-testid="reset-invalid">
          {t.account.resetInvalid}
        </p>
      )}
    </section>
  );
}
