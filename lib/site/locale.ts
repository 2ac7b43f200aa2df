import { cookies } from 'next/headers';
import { getSessionViewer } from '../auth/session';
import { messages, type Locale } from '../i18n/catalog';
import { isLocale, LOCALE_COOKIE } from '../i18n/locale';

/*
 * The language of this render: it reads the signed-in person and the request's cookies, so it
 * lives above lib/auth and lib/i18n (the catalogue itself knows nothing of sessions).
 */

/**
 * The visitor's language: a signed-in person's saved choice, else the `deltalab-locale` cookie,
 * else English.
 */
export async function currentLocale(): Promise<Locale> {
  const viewer = await getSessionViewer().catch(() => null);
  if (viewer && isLocale(viewer.locale)) return viewer.locale;
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : 'en';
}

export async function currentMessages() {
  const locale = await currentLocale();
  return { locale, t: messages(locale) };
}
