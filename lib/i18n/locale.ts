import { isLocale, type Locale } from './locales';

export const LOCALE_COOKIE = 'deltalab-locale';

export { isLocale };

// The language of a page render (session, then cookie) is lib/site/locale.ts: it reads the session.

/** The visitor's language, read from a request's own headers (route handlers, no request scope needed). */
export function localeOf(request: Request, viewer: { locale: string | null } | null): Locale {
  if (viewer && isLocale(viewer.locale)) return viewer.locale;
  const m = /(?:^|;\s*)deltalab-locale=([^;]*)/.exec(request.headers.get('cookie') ?? '');
  return isLocale(m?.[1]) ? m[1] : 'en';
}
