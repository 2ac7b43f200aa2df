import { format } from '../../i18n/format';
import type { Locale } from '../../i18n/locales';

/** Every sentence a quiz says exists in both of the course's languages. */
export type { Locale };

export interface LocalizedText {
  en: string;
  zh: string;
}

export function pick(text: LocalizedText, locale: Locale): string {
  return locale === 'zh' ? text.zh : text.en;
}

/** Fills `{name}` placeholders in both languages (the catalogue's `format`). */
export function fill(template: LocalizedText, params: Record<string, string | number>): LocalizedText {
  return { en: format(template.en, params), zh: format(template.zh, params) };
}

export function join(parts: LocalizedText[], separator = ' '): LocalizedText {
  return {
    en: parts.map((p) => p.en).filter(Boolean).join(separator),
    zh: parts.map((p) => p.zh).filter(Boolean).join(locSeparator(separator)),
  };
}

// Chinese sentences end in full-width punctuation and are not separated by spaces.
function locSeparator(separator: string): string {
  return separator === ' ' ? '' : separator;
}
