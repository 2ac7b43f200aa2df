import type { Kysely } from 'kysely';
import { chunks } from './chunks';
import type { Database, ItemKind } from './schema';

/**
 * One student's score for a whole item (an exercise or a quiz), set by staff regardless of
 * submissions: for work handed in another way, or a grade agreed after a complaint. Rows are never
 * updated; the newest row for (offering, student, item) decides, and a row with no score takes
 * the override away. The one reader of these rules: the gradebook, the quiz scores
 * (lib/db/quiz-scores.ts), the student's own pages and the LMS grade passback all come here.
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

/** One stored row, as the audit history shows it. */
export interface ItemOverrideEntry {
  id: string;
  userId: string;
  itemKind: ItemKind;
  itemId: string;
  /** Null: this row removed the override before it. */
  score: number | null;
  reason: string;
  by: string;
  at: number;
}

export interface ItemOverrideFilter {
  offeringId: string;
  itemKind?: ItemKind;
  itemId?: string;
  /** Only these students; an empty list gives nothing. */
  userIds?: readonly string[];
}

export function itemOverrideKey(userId: string, kind: ItemKind, itemId: string): string {
  return `${userId}\u0000${kind}\u0000${itemId}`;
}

/** Every override row matching the filter, oldest first (the history; removals included). */
export async function loadItemOverrides(db: Kysely<Database>, filter: ItemOverrideFilter): Promise<ItemOverrideEntry[]> {
  if (filter.userIds?.length === 0) return [];
  let q = db.selectFrom('item_override').select(['id', 'user_id', 'item_kind', 'item_id', 'score', 'reason', 'by_name', 'created_at']).where('offering_id', '=', filter.offeringId);
  if (filter.itemKind) q = q.where('item_kind', '=', filter.itemKind);
  if (filter.itemId) q = q.where('item_id', '=', filter.itemId);
  const rows = [];
  for (const users of filter.userIds ? chunks([...new Set(filter.userIds)]) : [undefined]) {
    rows.push(...(await (users ? q.where('user_id', 'in', users) : q).orderBy('created_at', 'asc').orderBy('id', 'asc').execute()));
  }
  // Chunks are each ordered; the whole list must be too.
  rows.sort((a, b) => Number(a.created_at) - Number(b.created_at) || a.id.localeCompare(b.id));
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    itemKind: r.item_kind,
    itemId: r.item_id,
    score: r.score === null ? null : Number(r.score),
    reason: r.reason,
    by: r.by_name,
    at: Number(r.created_at),
  }));
}

/**
 * The overrides in force in an offering (for some students, or all; optionally of one kind or
 * item), by itemOverrideKey: per key the newest row, unless that row removed the override.
 */
export async function itemOverridesInForce(
  db: Kysely<Database>,
  offeringId: string,
  userIds?: readonly string[],
  filter: Pick<ItemOverrideFilter, 'itemKind' | 'itemId'> = {},
): Promise<Map<string, ItemOverride>> {
  const out = new Map<string, ItemOverride>();
  // Oldest first: the last row per key is the newest decision.
  for (const r of await loadItemOverrides(db, { offeringId, userIds, ...filter })) {
    const key = itemOverrideKey(r.userId, r.itemKind, r.itemId);
    if (r.score === null) out.delete(key);
    else out.set(key, { userId: r.userId, kind: r.itemKind, itemId: r.itemId, score: r.score, reason: r.reason, by: r.by, at: r.at });
  }
  return out;
}
