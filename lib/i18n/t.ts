import { CATALOG, type Messages } from './catalog';
import { format } from './format';
import type { Locale } from './locales';
import { lookup, renderText, type Msg, type MsgParam, type Text } from './message';

/** Every dotted key of the catalogue that names a sentence: 'feedback.pointsOf', 'grader.allPassed'. */
export type MessageKey = KeysOf<Messages>;
type KeysOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: K extends 'locale' ? never : T[K] extends string ? `${Prefix}${K}` : KeysOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type Params = Record<string, string | number>;

/**
 * The sentence at `key` in `locale`, placeholders filled: `t('en', 'feedback.pointsOf', { points:
 * 2, max: 3 })`. Server code and the grader read the catalogue through here; client components get
 * their catalogue areas as props and use `format` or lib/i18n/message.ts on them.
 */
export function t(locale: Locale, key: MessageKey, params: Params = {}): string {
  return format(templateOf(CATALOG[locale] ?? CATALOG.en, key), params);
}

/** `t` bound to one language: `const t = translator(locale); t('home.title')`. */
export function translator(locale: Locale): (key: MessageKey, params?: Params) => string {
  return (key, params) => t(locale, key, params);
}

/** A message to store, typed against the catalogue: rendered later in whatever language is read. */
export function msg(key: MessageKey, params?: Record<string, MsgParam>): Msg {
  return params ? { key, params } : { key };
}

/** A stored message (or an author's pair) in `locale`: what the grader writes beside the keys. */
export function render(locale: Locale, text: Text): string {
  const rendered = renderText(text, CATALOG[locale] ?? CATALOG.en);
  if (rendered === undefined) throw new Error(`No message "${(text as Msg).key}" in the catalogue.`);
  return rendered;
}

function templateOf(messages: Messages, key: string): string {
  const template = lookup(messages, key);
  if (template === undefined) throw new Error(`No message "${key}" in the catalogue.`);
  return template;
}
