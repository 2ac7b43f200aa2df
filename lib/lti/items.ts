import { getCatalog } from '../content/loader';
import { SECTIONS } from '../content/sections';
import type { Locale } from '../i18n/locales';
import { getQuizCatalog } from '../quiz/loader';
import type { DeepLinkChoice } from './deep-linking';

/**
 * What an instructor can place in an LMS course: each section (its exercises' points), then its
 * exercises and quizzes, titled in the instructor's language (the title also becomes the LMS's
 * grade column label).
 */
export function placeableItems(locale: Locale): DeepLinkChoice[] {
  const exercises = getCatalog().exercises;
  const quizzes = getQuizCatalog().quizzes;
  const out: DeepLinkChoice[] = [];
  for (const section of SECTIONS) {
    const inSection = exercises.filter((e) => e.section === section.id);
    if (inSection.length > 0) {
      out.push({ kind: 'section', id: section.id, title: `${section.id} ${section.title[locale]}`, points: inSection.reduce((s, e) => s + e.points, 0) });
    }
    for (const e of inSection) out.push({ kind: 'exercise', id: e.id, title: (locale === 'zh' ? e.translation?.title : undefined) ?? e.title, points: e.points });
    for (const q of quizzes.filter((q) => q.section === section.id)) out.push({ kind: 'quiz', id: q.id, title: q.title[locale], points: q.points });
  }
  return out;
}

/** An exercise's or quiz's section and points (its line item's scoreMaximum), from the catalogues. */
export function gradedItemInfo(kind: 'exercise' | 'quiz', id: string): { section: string; points: number } | null {
  if (kind === 'exercise') {
    const e = getCatalog().allById.get(id);
    return e ? { section: e.section, points: e.points } : null;
  }
  const q = getQuizCatalog().quizzes.find((x) => x.id === id);
  return q ? { section: q.section, points: q.points } : null;
}
