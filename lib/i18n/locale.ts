import { cookies } from 'next/headers';
import { LOCALES, messages, type SiteLocale } from './catalog';

export const LOCALE_COOKIE = 'deltalab-locale';

/** The visitor's chosen language (a cookie), English by default. */
export async function currentLocale(): Promise<SiteLocale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return (LOCALES as readonly string[]).includes(value ?? '') ? (value as SiteLocale) : 'en';
}

export async function currentMessages() {
  const locale = await currentLocale();
  return { locale, t: messages(locale) };
}
