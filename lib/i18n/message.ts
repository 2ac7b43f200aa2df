import { format } from './format';
import type { Locale } from './locales';

/**
 * A sentence kept as a catalogue key and its parameters, rendered when it is read: a grading
 * stores `{ key: 'grader.somePassed', params: { passed: 2, n: 3, … } }`, and whoever reads the
 * result later sees it in their own language. Pure and safe in client components: the catalogue
 * to render with is passed in (the page already holds it), never imported here.
 */
export interface Msg {
  key: string;
  params?: Record<string, MsgParam>;
}

/** A text written in both languages by an author (a check title, a hint); English is required. */
export interface Localized {
  en: string;
  zh?: string;
}

/** A parameter: raw numbers and strings are the same in every language; the rest render too. */
export type MsgParam = string | number | Localized | Msg;

/** What a stored result can carry for a text field: a catalogue message or an author's pair. */
export type Text = Msg | Localized;

/** Anything that holds catalogue areas and says which language they are in. */
export interface Catalogue {
  locale: Locale;
}

export function isMsg(value: unknown): value is Msg {
  return typeof value === 'object' && value !== null && typeof (value as Msg).key === 'string';
}

/** The template at a dotted key ('feedback.pointsOf'), or undefined when the catalogue has none. */
export function lookup(catalogue: Catalogue, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function pickLocalized(text: Localized, locale: Locale): string {
  return (locale === 'zh' ? text.zh : undefined) ?? text.en;
}

/**
 * A stored text in the catalogue's language, or undefined when it cannot be rendered here (a key
 * this catalogue does not have, e.g. a result from a newer grader): the caller falls back to the
 * sentence stored beside it.
 */
export function renderText(text: Text, catalogue: Catalogue): string | undefined {
  if (!isMsg(text)) return pickLocalized(text, catalogue.locale);
  const template = lookup(catalogue, text.key);
  if (template === undefined) return undefined;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else {
      const rendered = renderText(value, catalogue);
      if (rendered === undefined) return undefined;
      params[name] = rendered;
    }
  }
  // A template that wants a parameter the stored message lacks (the catalogue changed since) would
  // show a bare `{name}`: the sentence stored beside it reads better.
  for (const m of template.matchAll(/\{(\w+)(?::[^|{}]*\|[^{}]*)?\}/g)) if (!Object.hasOwn(params, m[1]!)) return undefined;
  return format(template, params);
}

/**
 * The text of a result field for this reader: rendered from its message when the result has one,
 * else the sentence stored when it was graded (results stored before messages were kept).
 */
export function shown(text: Text | undefined, stored: string, catalogue: Catalogue): string {
  return (text && renderText(text, catalogue)) ?? stored;
}
