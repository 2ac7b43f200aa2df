import { cookies } from 'next/headers';
import { getViewer } from '../auth/session';
import { messages } from './catalog';
import { isLocale, type Locale } from './locales';

export const LOCALE_COOKIE = 'deltalab-locale';

export { isLocale };

/**
 * The visitor's language: a signed-in person's saved choice, else the `deltalab-locale` cookie,
 * else English.
 */
export async function currentLocale(): Promise<Locale> {
  const viewer = await getViewer().catch(() => null);
  if (viewer && isLocale(viewer.locale)) return viewer.locale;
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : 'en';
}

export async function currentMessages() {
  const locale = await currentLocale();
  return { locale, t: messages(locale) };
}

/** The same choice, read from a request's own headers (route handlers, no request scope needed). */
export function localeOf(request: Request, viewer: { locale: string | null } | null): Locale {
  if (viewer && isLocale(viewer.locale)) return viewer.locale;
  const m = /(?:^|;\s*)deltalab-locale=([^;]*)/.exec(request.headers.get('cookie') ?? '');
  return isLocale(m?.[1]) ? m[1] : 'en';
}
