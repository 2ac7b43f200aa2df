import type { Kysely } from 'kysely';
import type { Database, ItemKind } from './schema';

/** A catalogue item as the offering's totals see it: its kind, id and own points. */
export interface CatalogueItem {
  kind: ItemKind;
  id: string;
  points: number;
}

export interface CountedItem {
  kind: ItemKind;
  id: string;
  points: number;
  assignmentId: string | null;
  assignmentTitle: string | null;
}

/**
 * The items an offering's totals count, in order, with the points each is worth there: its
 * assignments' items (assignment by assignment), else (no assignment has items) every catalogue
 * item at its own points. Items gone from the catalogue since are left out. The one rule behind
 * the gradebook's totals (lib/staff/assignments.ts) and the LMS's section and assignment
 * grades (lib/lti/ags.ts), so both show the same number.
 */
export async function countedItemsOf(db: Kysely<Database>, offeringId: string, catalogue: CatalogueItem[]): Promise<CountedItem[]> {
  const rows = await db
    .selectFrom('assignment as a')
    .leftJoin('assignment_item as i', 'i.assignment_id', 'a.id')
    .select(['a.id as assignmentId', 'a.title', 'i.item_kind', 'i.item_id', 'i.points'])
    .where('a.offering_id', '=', offeringId)
    .orderBy('a.position')
    .orderBy('a.created_at')
    .orderBy('a.id')
    .orderBy('i.position')
    .orderBy('i.item_id')
    .execute();
  // Empty assignments (just created, items not chosen yet) do not empty the gradebook.
  if (!rows.some((r) => r.item_id !== null)) return catalogue.map((i) => ({ kind: i.kind, id: i.id, points: i.points, assignmentId: null, assignmentTitle: null }));
  const known = new Set(catalogue.map((i) => `${i.kind}:${i.id}`));
  return rows
    .filter((r) => r.item_kind !== null && r.item_id !== null && known.has(`${r.item_kind}:${r.item_id}`))
    .map((r) => ({ kind: r.item_kind!, id: r.item_id!, points: Number(r.points), assignmentId: r.assignmentId, assignmentTitle: r.title }));
}
