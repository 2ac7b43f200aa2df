import type { Role } from '../../lib/auth/roles';
import type { Messages, Locale } from '../../lib/i18n/catalog';
import { LOCALES } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { setLocaleAction, signOutAction } from '../actions';

/** The header's right side: language switch and account links. Plain forms: works without JS. */
export function SiteNav({
  t,
  locale,
  viewer,
  courseLabel,
  passwordLabel,
}: {
  t: Messages['site'];
  locale: Locale;
  viewer: { name: string; role: Role } | null;
  courseLabel: string;
  passwordLabel: string;
}) {
  return (
    <nav className="site-nav" aria-label={t.name}>
      <form action={setLocaleAction} className="lang-switch" aria-label={t.language}>
        {LOCALES.map((l) => (
          <button key={l} type="submit" name="locale" value={l} aria-pressed={l === locale} lang={l === 'zh' ? 'zh-Hans' : 'en'} className="link-button">
            {t.languages[l]}
          </button>
        ))}
      </form>
      {viewer ? (
        <>
          <span className="who">
            {format(t.signedInAs, { name: viewer.name })}
            {viewer.role !== 'student' && <span className="role-badge">{t.roles[viewer.role]}</span>}
          </span>
          {viewer.role !== 'student' && <a href="/staff/gradebook">{courseLabel}</a>}
          {viewer.role === 'instructor' && <a href="/staff/accounts">{t.accounts}</a>}
          <a href="/account/password">{passwordLabel}</a>
          <form action={signOutAction}>
            <button type="submit" className="link-button">
              {t.signOut}
            </button>
          </form>
        </>
      ) : (
        <>
          <a href="/sign-in">{t.signIn}</a>
          <a href="/sign-up" className="button-link">
            {t.signUp}
          </a>
        </>
      )}
    </nav>
  );
}
