import type { Role } from '../../lib/auth/roles';
import type { Messages, Locale } from '../../lib/i18n/catalog';
import { LOCALES } from '../../lib/i18n/catalog';
import { format } from '../../lib/i18n/format';
import { setLocaleAction, signOutAction } from '../actions';
import { OfferingSwitcher, type SwitcherChoice } from './OfferingSwitcher';

/**
 * The header's right side: language switch, the offering switcher and account links. Plain forms:
 * works without JS. `staff`: course staff of the current offering (its role decides, not the site role);
 * `badge`: the name of the person's role there (lib/auth/roles.ts badgeRole), or null.
 */
export function SiteNav({
  t,
  locale,
  viewer,
  courseLabel,
  passwordLabel,
  offerings,
}: {
  t: Messages['site'];
  locale: Locale;
  viewer: { name: string; role: Role; staff: boolean; badge: string | null } | null;
  courseLabel: string;
  passwordLabel: string;
  offerings?: { choices: SwitcherChoice[]; label: string; submit: string; mine: string };
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
            {viewer.badge && <span className="role-badge">{viewer.badge}</span>}
          </span>
          {offerings && offerings.choices.length > 0 && (viewer.staff || offerings.choices.length > 1) && <OfferingSwitcher choices={offerings.choices} label={offerings.label} submit={offerings.submit} />}
          {offerings && <a href="/offerings">{offerings.mine}</a>}
          {viewer.staff && <a href="/staff/gradebook">{courseLabel}</a>}
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
