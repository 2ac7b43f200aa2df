import { LOCALES, type SiteLocale } from './catalog';

export const LOCALE_COOKIE = 'deltalab-locale';

export function isSiteLocale(value: unknown): value is SiteLocale {
  return (LOCALES as readonly unknown[]).includes(value);
}

// The language of a page render (session, then cookie) is lib/site/locale.ts: it reads the session.

/** The visitor's language, read from a request's own headers (route handlers, no request scope needed). */
export function localeOf(request: Request, viewer: { locale: string | null } | null): SiteLocale {
  if (viewer && isSiteLocale(viewer.locale)) return viewer.locale;
  const m = /(?:^|;\s*)deltalab-locale=([^;]*)/.exec(request.headers.get('cookie') ?? '');
  return isSiteLocale(m?.[1]) ? m[1] : 'en';
}
