import type { Messages } from '../../lib/i18n/catalog';
import type { Localized as Pair, Msg, MsgParam } from '../../lib/i18n/message';
import { msg, render } from '../../lib/i18n/t';
import type { Locale } from '../results';

/**
 * How the grader speaks: every sentence is a key of the catalogue's `grader` area
 * (lib/i18n/messages/grader.ts) with raw parameters. A result keeps the key (`…I18n` fields, so
 * the page renders it in the reader's language) and the sentence in the grading's language.
 */
export type GraderKey = keyof Messages['grader'];

/** A grader message to store: `said('somePassed', { passed: 2, n: 3, points: 2, max: 3 })`. */
export function said(key: GraderKey, params?: Record<string, MsgParam>): Msg {
  return msg(`grader.${key}`, params);
}

/** A grader sentence in one language, for text that is not stored as a key. */
export function say(locale: Locale, key: GraderKey, params?: Record<string, MsgParam>): string {
  return render(locale, said(key, params));
}

/** A check's or an error's `message` and `messageI18n`, from one message. */
export function told(message: Msg, locale: Locale): { message: string; messageI18n: Msg } {
  return { message: render(locale, message), messageI18n: message };
}

/** A text given in one or more languages; English is required. */
export type Localized = string | { en: string; zh?: string };

export function localize(text: Localized, locale: Locale): string {
  if (typeof text === 'string') return text;
  return (locale === 'zh' ? text.zh : undefined) ?? text.en;
}

/** An author's text in both languages, to store beside the one the grading used. */
export function bothLanguages(text: Localized): Pair {
  return typeof text === 'string' ? { en: text } : text.zh === undefined ? { en: text.en } : { en: text.en, zh: text.zh };
}

/** A text made per language (a place in the statement's notation): made in both, to store. */
export function inBoth(make: (locale: Locale) => string): Pair {
  return { en: make('en'), zh: make('zh') };
}

/** The compiler's (esbuild's) messages in the student's language: lib/i18n/messages/compiler.ts. */
export { compileMessage } from '../../lib/i18n/messages/compiler';
