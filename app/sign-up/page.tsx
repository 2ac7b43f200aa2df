import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getViewer } from '../../lib/auth/session';
import { currentMessages } from '../../lib/site/locale';
import { safeNext } from '../../lib/site/redirects';
import { AuthForm } from '../_components/AuthForm';

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentMessages();
  return { title: t.auth.signUpTitle };
}

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  if (await getViewer()) redirect(next);
  const { t } = await currentMessages();
  return (
    <section className="auth-page">
      <h1>{t.auth.signUpTitle}</h1>
      <p className="muted">{t.auth.signUpIntro}</p>
      <AuthForm mode="sign-up" t={t.auth} next={next} />
      <p>
        {t.auth.haveAccount} <a href={`/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{t.site.signIn}</a>
      </p>
    </section>
  );
}
