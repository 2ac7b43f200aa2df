/**
 * Every sentence a quiz says exists in both of the course's languages. The same type as
 * lib/i18n/locales.ts's `Locale`, spelled out because this module imports only its own files (it
 * runs in the browser; test/unit/quiz/boundaries.test.ts).
 */
export type Locale = 'en' | 'zh';

export interface LocalizedText {
  en: string;
  zh: string;
}

export function pick(text: LocalizedText, locale: Locale): string {
  return locale === 'zh' ? text.zh : text.en;
}

/** Fills `{name}` placeholders in both languages. */
export function fill(template: LocalizedText, params: Record<string, string | number>): LocalizedText {
  const sub = (s: string) => s.replace(/\{(\w+)\}/g, (all, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : all));
  return { en: sub(template.en), zh: sub(template.zh) };
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
