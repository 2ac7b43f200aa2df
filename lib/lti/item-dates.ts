import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { resolveWindow } from '../db/windows';
import { gradedItemInfo } from './items';

/**
 * The dates a deep-linked activity carries to the LMS (Deep Linking 2.0 §3.4.1, `ltiResourceLink`):
 * `available` is when students can open it (the offering's open and close dates) and `submission`
 * when they can hand work in, its `endDateTime` being the due date the LMS shows. Read from the
 * offering's resolved windows (lib/db/windows.ts) as everyone has them, without extensions: an
 * exercise or quiz merges its own, its assignments' and its section's rules; a section or an
 * assignment placed as a whole has its own row.
 */
export type PlacedKind = 'exercise' | 'quiz' | 'section' | 'assignment';

export interface ItemDates {
  available?: { startDateTime?: string; endDateTime?: string };
  submission?: { startDateTime?: string; endDateTime?: string };
}

const iso = (ms: number | null): string | undefined => (ms === null ? undefined : new Date(ms).toISOString());

function range(start: number | null, end: number | null): { startDateTime?: string; endDateTime?: string } | undefined {
  if (start === null && end === null) return undefined;
  return { ...(start !== null && { startDateTime: iso(start) }), ...(end !== null && { endDateTime: iso(end) }) };
}

async function windowOf(db: Kysely<Database>, offeringId: string, kind: PlacedKind, id: string): Promise<{ opensAt: number | null; dueAt: number | null; closeAt: number | null }> {
  if (kind === 'exercise' || kind === 'quiz') {
    const info = gradedItemInfo(kind, id);
    if (!info) return { opensAt: null, dueAt: null, closeAt: null };
    return resolveWindow(db, offeringId, null, { kind, id, section: info.section });
  }
  const row = await db.selectFrom('item_window').select(['opens_at', 'due_at', 'close_at']).where('offering_id', '=', offeringId).where('target_kind', '=', kind).where('target_id', '=', id).executeTakeFirst();
  const n = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { opensAt: n(row?.opens_at), dueAt: n(row?.due_at), closeAt: n(row?.close_at) };
}

export async function placedItemDates(db: Kysely<Database>, offeringId: string | null, kind: PlacedKind, id: string): Promise<ItemDates> {
  if (!offeringId) return {};
  const w = await windowOf(db, offeringId, kind, id);
  const available = range(w.opensAt, w.closeAt);
  const submission = range(w.opensAt, w.dueAt ?? w.closeAt);
  return { ...(available && { available }), ...(submission && { submission }) };
}
