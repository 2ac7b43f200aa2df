import type { Locale } from '../i18n/catalog';
import { instantiateQuestion, presentOptions, quizSeed, type Quiz } from '../quiz';
import { referenceAnswer } from '../quiz';
import type { StoredAnswer } from '../quiz/attempt';
import { readNumber } from '../quiz/grade';
import { drawParams, formatNumber, interpolate } from '../quiz/params';
import type { Question } from '../quiz/schema';
import { renderInline } from '../render/markdown';

/**
 * How a stored answer reads to course staff. Students send opaque option tokens that differ per
 * student; staff need the option itself (its text and the author's id), and statistics need one
 * key for the same answer given by different students.
 */

export interface ReadAnswer {
  /** HTML in the reader's language: the chosen options' texts, or the typed text as code. */
  html: string;
  /**
   * The answer normalised, the same for the same answer whoever gave it: author option ids
   * (sorted), a number's value, or a formula without spaces.
   */
  key: string;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function code(text: string): string {
  return `<code>${escape(text)}</code>`;
}

/** The seed a student's numbers and option order are drawn from for one quiz. */
export function studentQuizSeed(userId: string, quizId: string): string {
  return quizSeed(userId, quizId);
}

/** `seed` is the scoped seed (studentQuizSeed), as the grader uses it. */
export function readAnswer(q: Question, seed: string, answer: StoredAnswer | undefined, locale: Locale): ReadAnswer | null {
  if (answer === undefined || (typeof answer === 'string' ? answer.trim() === '' : answer.length === 0)) return null;
  if (q.type === 'single' || q.type === 'multiple') {
    const params = drawParams(q, seed);
    const byToken = new Map(presentOptions(q, seed).map((p) => [p.token, p.option]));
    const chosen = (Array.isArray(answer) ? answer : [answer]).map((t) => ({ token: t, option: byToken.get(t) }));
    const ids = chosen.map((c) => c.option?.id ?? `?${c.token}`).sort();
    const html = chosen
      .map((c) => (c.option ? `${renderInline(interpolate(c.option.text[locale], params))} ${code(c.option.id)}` : code(c.token)))
      .join('<br>');
    return { html, key: ids.join(', ') };
  }
  const text = Array.isArray(answer) ? answer.join(', ') : answer;
  if (q.type === 'numeric') {
    const read = readNumber(text);
    const key = 'value' in read ? formatNumber(Number(read.value.toPrecision(6))) : text.trim().toLowerCase();
    return { html: code(text), key };
  }
  return { html: code(text), key: text.replace(/\s+/g, '').replace(/\*\*/g, '^') };
}

/** The answer that scores 1 for this seed, as staff read it. */
export function readReference(q: Question, seed: string, locale: Locale): string {
  const ref = referenceAnswer(q, seed);
  return readAnswer(q, seed, ref, locale)?.html ?? '';
}

/** The question's prompt as this student saw it (their numbers), in the reader's language. */
export function promptFor(quiz: Quiz, q: Question, userSeed: string, locale: Locale): string {
  return instantiateQuestion(q, quizSeed(userSeed, quiz.id), locale).prompt;
}
