import type { Messages } from '../i18n/catalog';
import { format } from '../i18n/format';

/**
 * Quiz sentences that depend on a count or a list, shared by the page and the server's refusal so
 * both say the same thing. The count picks the words in the catalogue (`{n:one|other}`), not here.
 * Safe in client components.
 */

type QuizMessages = Messages['quiz'];

/** "2", "2 and 5", "2, 3 and 5" in English; "2、5" in Chinese (t.and is the last separator). */
export function listNumbers(t: QuizMessages, numbers: number[]): string {
  if (numbers.length <= 1) return numbers.join('');
  if (t.and === '、') return numbers.join('、');
  return `${numbers.slice(0, -1).join(', ')}${t.and}${numbers.at(-1)}`;
}

/** Why nothing was submitted: which questions (1-based numbers) hold answers that cannot be read. */
export function notSentMessage(t: QuizMessages, numbers: number[]): string {
  return format(t.notSent, { count: numbers.length, list: listNumbers(t, numbers) });
}

export function unansweredText(t: QuizMessages, n: number): string {
  return format(t.unanswered, { n });
}

export function questionCountText(t: QuizMessages, n: number): string {
  return format(t.questionCount, { n });
}

/** A question's marks out of its maximum, e.g. "1 / 1 mark", "1.5 / 2 marks". */
export function marksText(t: QuizMessages, points: number, max: number): string {
  return format(t.pointsOf, { points, max });
}
