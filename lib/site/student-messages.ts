import { messages, type Locale } from '../i18n/catalog';
import { format } from '../i18n/format';

/** Sentences the server itself says to a student about dates (the submit API's refusals). */
export function studentMessages(locale: Locale) {
  const t = messages(locale).grades;
  return {
    notOpenYet: (opensAt: number) => format(t.notOpenYet, { date: utcMinutes(opensAt) }),
    offeringArchived: messages(locale).offerings.archivedReadOnly,
  };
}

/** "2026-11-27 09:00": dates in staff pages and refusals are UTC, to the minute. */
export function utcMinutes(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
