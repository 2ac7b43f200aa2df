import type { Kysely } from 'kysely';
import { getCatalog } from '../content/loader';
import { SECTIONS } from '../content/sections';
import { countedItemsOf, type CatalogueItem } from '../db/counted-items';
import type { Database } from '../db/schema';
import type { Locale } from '../i18n/locales';
import { getQuizCatalog } from '../quiz/loader';
import type { DeepLinkChoice } from './deep-linking';

/** An exercise's or quiz's section and points (its line item's scoreMaximum), from the catalogues. */
export function gradedItemInfo(kind: 'exercise' | 'quiz', id: string): { section: string; points: number } | null {
  if (kind === 'exercise') {
    const e = getCatalog().allById.get(id);
    return e ? { section: e.section, points: e.points } : null;
  }
  const q = getQuizCatalog().quizzes.find((x) => x.id === id);
  return q ? { section: q.section, points: q.points } : null;
}

/** Every graded catalogue item at its own points: what an offering without assignments counts. */
function catalogue(): (CatalogueItem & { section: string })[] {
  return [
    ...getCatalog().exercises.map((e) => ({ kind: 'exercise' as const, id: e.id, points: e.points, section: e.section })),
    ...getQuizCatalog().quizzes.map((q) => ({ kind: 'quiz' as const, id: q.id, points: q.points, section: q.section })),
  ];
}

export interface CountedMember {
  kind: 'exercise' | 'quiz';
  id: string;
  section: string;
  /** What the item is worth in the offering's totals (its assignment's points, else its own). */
  points: number;
  assignmentId: string | null;
}

/**
 * The items the offering's totals count, with their sections: the gradebook's own rule
 * (lib/db/counted-items.ts). Without an offering (a course not linked yet), the catalogue.
 */
export async function countedMembers(db: Kysely<Database>, offeringId: string | null): Promise<CountedMember[]> {
  const all = catalogue();
  const sections = new Map(all.map((i) => [`${i.kind}:${i.id}`, i.section]));
  const counted = offeringId ? await countedItemsOf(db, offeringId, all) : all.map((i) => ({ ...i, assignmentId: null }));
  return counted.map((c) => ({ kind: c.kind, id: c.id, section: sections.get(`${c.kind}:${c.id}`)!, points: c.points, assignmentId: c.assignmentId }));
}

/**
 * The counted items inside a section or an assignment placed as one LMS activity: the items the
 * gradebook sums for that section's or assignment's subtotal, at the points it gives them.
 */
export async function membersOf(db: Kysely<Database>, offeringId: string | null, kind: 'section' | 'assignment', id: string): Promise<CountedMember[]> {
  const all = await countedMembers(db, offeringId);
  return all.filter((m) => (kind === 'section' ? m.section === id : m.assignmentId === id));
}

/**
 * What an instructor can place in an LMS course: each section (the points the offering's totals
 * give its items), then its exercises and quizzes, then the offering's assignments, titled in the
 * instructor's language (the title also becomes the LMS's grade column label).
 */
export async function placeableItems(db: Kysely<Database>, offeringId: string | null, locale: Locale): Promise<DeepLinkChoice[]> {
  const exercises = getCatalog().exercises;
  const quizzes = getQuizCatalog().quizzes;
  const counted = await countedMembers(db, offeringId);
  const sum = (ms: CountedMember[]) => ms.reduce((s, m) => s + m.points, 0);
  const out: DeepLinkChoice[] = [];
  for (const section of SECTIONS) {
    const inSection = counted.filter((m) => m.section === section.id);
    if (inSection.length > 0) out.push({ kind: 'section', id: section.id, title: `${section.id} ${section.title[locale]}`, points: sum(inSection) });
    for (const e of exercises.filter((e) => e.section === section.id)) out.push({ kind: 'exercise', id: e.id, title: (locale === 'zh' ? e.translation?.title : undefined) ?? e.title, points: e.points });
    for (const q of quizzes.filter((q) => q.section === section.id)) out.push({ kind: 'quiz', id: q.id, title: q.title[locale], points: q.points });
  }
  if (offeringId) {
    const assignments = await db.selectFrom('assignment').select(['id', 'title']).where('offering_id', '=', offeringId).orderBy('position').orderBy('created_at').orderBy('id').execute();
    for (const a of assignments) {
      const inside = counted.filter((m) => m.assignmentId === a.id);
      if (inside.length > 0) out.push({ kind: 'assignment', id: a.id, title: a.title, points: sum(inside) });
    }
  }
  return out;
}

/** The offering an LMS course (platform, context) maps to, when it is linked. */
export async function offeringOfContext(db: Kysely<Database>, platformId: string, contextId: string | null): Promise<string | null> {
  if (!contextId) return null;
  const row = await db.selectFrom('lti_context').select('offering_id').where('platform_id', '=', platformId).where('context_id', '=', contextId).executeTakeFirst();
  return row?.offering_id ?? null;
}
