import type { Messages } from '../i18n/catalog';
import { CATALOG } from '../i18n/catalog';
import { format } from '../i18n/format';
import type { Locale } from '../i18n/locales';
import type { LocalizedText } from './expr';

/**
 * What the quiz grader says, from the catalogue's `quizGrading` area. A quiz result keeps every
 * sentence in both languages, so it reads in whichever language the student views it in.
 */
export type QuizMessageKey = keyof Messages['quizGrading'];

/** A placeholder value: the same in both languages, or its own text in each. */
export type MessageParam = string | number | LocalizedText;

export function say(key: QuizMessageKey, params: Record<string, MessageParam> = {}): LocalizedText {
  const fillIn = (locale: Locale) =>
    format(
      CATALOG[locale].quizGrading[key],
      Object.fromEntries(Object.entries(params).map(([name, v]) => [name, typeof v === 'object' ? v[locale] : v])),
    );
  return { en: fillIn('en'), zh: fillIn('zh') };
}
