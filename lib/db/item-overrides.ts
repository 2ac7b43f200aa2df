import type { Kysely } from 'kysely';
import type { Database, ItemKind } from './schema';

/**
 * One student's score for a whole item (an exercise or a quiz), set by staff regardless of
 * submissions: for work handed in another way, or a grade agreed after a complaint. Rows are never
 * updated; the newest row for (offering, student, item) decides, and a row with no score takes
 * the override away. Read by the gradebook and by the student's own pages.
 */

export interface ItemOverride {
  userId: string;
  kind: ItemKind;
  itemId: string;
  /** In [0, 1]. */
  score: number;
  reason: string;
  by: string;
  at: number;
}

export function itemOverrideKey(userId: string, kind: ItemKind, itemId: string): string {
  return `${userId}\u0000${kind}\u0000${itemId}`;
}

/** The overrides in force in an offering (for some students, or all), by itemOverrideKey. */
export async function itemOverridesInForce(db: Kysely<Database>, offeringId: string, userIds?: string[]): Promise<Map<string, ItemOverride>> {
  if (userIds && userIds.length === 0) return new Map();
  let q = db.selectFrom('item_override').select(['user_id', 'item_kind', 'item_id', 'score', 'reason', 'by_name', 'created_at']).where('offering_id', '=', offeringId);
  if (userIds) q = q.where('user_id', 'in', userIds);
  const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
  const out = new Map<string, ItemOverride>();
  // Oldest first: the last row per key is the newest decision.
  for (const r of rows) {
    const key = itemOverrideKey(r.user_id, r.item_kind, r.item_id);
    if (r.score === null) out.delete(key);
    else out.set(key, { userId: r.user_id, kind: r.item_kind, itemId: r.item_id, score: Number(r.score), reason: r.reason, by: r.by_name, at: Number(r.created_at) });
  }
  return out;
}
