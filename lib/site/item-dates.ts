import 'server-only';
import type { Kysely } from 'kysely';
import type { Transaction } from 'kysely';
import { attemptsUsed, lockItemAttempts } from '../db/deadlines';
import { getOffering } from '../db/offerings';
import type { Database } from '../db/schema';
import { judge, resolveWindow, type EffectiveWindow, type ItemRef } from '../db/windows';
import { messages, type Locale } from '../i18n/catalog';
import { format } from '../i18n/format';
import { isTimeZone, zonedMinutes } from '../i18n/time-zone';
import { AccessError } from './errors';

/**
 * The dates of an item as the student path enforces and shows them. One door for exercises and
 * quizzes: open, close and attempt limits refuse here with a sentence in the student's language
 * and the offering's time zone; a late verdict is returned for the caller to record with the work
 * in one transaction.
 */

/** The offering's IANA time zone; UTC for none (or a name this runtime does not know). */
export async function offeringZone(db: Kysely<Database>, offeringId: string | null): Promise<string> {
  if (offeringId === null) return 'UTC';
  const zone = (await getOffering(db, offeringId))?.time_zone ?? 'UTC';
  return isTimeZone(zone) ? zone : 'UTC';
}

export interface Admission {
  window: EffectiveWindow;
  /** Set when the work is late: the due date it missed and the factor it counts with. */
  late: { dueAt: number; factor: number } | null;
}

/**
 * Whether a student may record work on `item` at `now`: refuses (403) before the open date and
 * after the close date (their extension's, when they have one). The attempt limit is checked by
 * claimAttempt, inside the transaction that records the work.
 */
export async function admitWork(db: Kysely<Database>, who: { id: string; offering: { id: string } | null }, item: ItemRef, now: number, locale: Locale): Promise<Admission> {
  const offeringId = who.offering?.id ?? null;
  const window = await resolveWindow(db, offeringId, who.id, item);
  const verdict = judge(window, now);
  const t = messages(locale).dates;
  if (verdict.state === 'not-open') throw new AccessError(403, format(t.notOpenYet, { date: zonedMinutes(verdict.opensAt, await offeringZone(db, offeringId)) }));
  if (verdict.state === 'closed') throw new AccessError(403, format(t.closed, { date: zonedMinutes(verdict.closeAt, await offeringZone(db, offeringId)) }));
  return { window, late: verdict.state === 'late' ? { dueAt: verdict.dueAt, factor: verdict.factor } : null };
}

/**
 * Refuses (403, in the student's language) work past the item's attempt limit. Call it in the
 * transaction that records the work, before the insert: it locks the student's attempts at the
 * item (lib/db/deadlines.ts), so of N requests sent at once exactly the limit are recorded.
 * `alreadyRecorded` (read under the lock) says the request is a retry of recorded work, which is
 * not a new attempt and is never refused.
 */
export async function claimAttempt(
  trx: Transaction<Database>,
  who: { id: string; offering: { id: string } | null },
  item: ItemRef,
  window: EffectiveWindow,
  locale: Locale,
  alreadyRecorded?: () => Promise<boolean>,
): Promise<void> {
  if (window.maxAttempts === null) return;
  const offeringId = who.offering?.id ?? null;
  await lockItemAttempts(trx, offeringId, who.id, item);
  if (alreadyRecorded && (await alreadyRecorded())) return;
  if ((await attemptsUsed(trx, offeringId, who.id, item)) >= window.maxAttempts) {
    throw new AccessError(403, format(messages(locale).dates.noAttemptsLeft, { max: window.maxAttempts }));
  }
}

/** What the student reads about an item's dates (the dates notice on exercise and quiz pages). */
export interface ItemDatesDTO {
  zone: string;
  opensAt: number | null;
  dueAt: number | null;
  closeAt: number | null;
  extended: boolean;
  latePolicy: EffectiveWindow['latePolicy'];
  maxAttempts: number | null;
  attemptsUsed: number;
  counts: EffectiveWindow['counts'];
}

export async function itemDates(db: Kysely<Database>, who: { id: string; offering: { id: string } | null } | null, item: ItemRef): Promise<ItemDatesDTO> {
  const offeringId = who?.offering?.id ?? null;
  const window = await resolveWindow(db, offeringId, who?.id ?? null, item);
  return {
    zone: await offeringZone(db, offeringId),
    opensAt: window.opensAt,
    dueAt: window.dueAt,
    closeAt: window.closeAt,
    extended: window.extension !== null,
    latePolicy: window.latePolicy,
    maxAttempts: window.maxAttempts,
    attemptsUsed: who && window.maxAttempts !== null ? await attemptsUsed(db, offeringId, who.id, item) : 0,
    counts: window.counts,
  };
}
