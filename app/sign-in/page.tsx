import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getViewer } from '../../lib/auth/session';
import { currentMessages } from '../../lib/site/locale';
import { safeNext } from '../../lib/site/redirects';
import { AuthForm } from '../_components/AuthForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.auth.signInTitle };
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  if (await getViewer()) redirect(next);
  const { t } = await currentMessages();
  return (
    <section className="auth-page">
      <h1>{t.auth.signInTitle}</h1>
      <AuthForm mode="sign-in" t={t.auth} next={next} deactivated={t.grades.accountDeactivated} />
      <p>
        <a href="/forgot-password">{t.auth.forgot}</a>
      </p>
      <p>
        {t.auth.noAccount} <a href={`/sign-up${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t.site.signUp}</a>
      </p>
    </section>
  );
}
