import 'server-only';
import { getCatalog } from '../content/loader';
import { SECTIONS, sectionById } from '../content/sections';
import type { Locale } from '../i18n/catalog';
import { renderInline, renderMarkdown } from '../render/markdown';
import { starterDeclarations } from '../content/declarations';

/** What the exercise page needs, and nothing from `.meta/` or the checks. */
export interface ExerciseView {
  id: string;
  title: string;
  sectionId: string;
  sectionTitle: string;
  points: number;
  summaryHtml: string | null;
  statementHtml: string;
  /** The statement is shown in English because no translation exists. */
  untranslated: boolean;
  starter: string;
  declarations: string;
  version: string;
}

const rendered = new Map<string, string>();

function cachedMarkdown(key: string, source: string): string {
  let html = rendered.get(key);
  if (html === undefined) {
    html = renderMarkdown(source);
    rendered.set(key, html);
  }
  return html;
}

export function getExerciseView(id: string, locale: Locale): ExerciseView | undefined {
  const exercise = getCatalog().byId.get(id);
  if (!exercise) return undefined;
  const zh = locale === 'zh' ? exercise.translation : undefined;
  const section = sectionById(exercise.section);
  const summary = zh?.summary ?? exercise.summary;
  return {
    id: exercise.id,
    title: zh?.title ?? exercise.title,
    sectionId: exercise.section,
    sectionTitle: section ? section.title[locale] : exercise.section,
    points: exercise.points,
    summaryHtml: summary ? renderInline(summary) : null,
    statementHtml: cachedMarkdown(`${exercise.id}@${exercise.version}:${zh ? 'zh' : 'en'}`, zh?.statement ?? exercise.statement),
    untranslated: locale === 'zh' && !zh,
    starter: exercise.starter,
    declarations: starterDeclarations(exercise.starter),
    version: exercise.version,
  };
}

/** The exercise after this one in the course's order (the home page's: section by section), or null. */
export function nextExercise(id: string, locale: Locale): { id: string; title: string } | null {
  const { exercises } = getCatalog();
  const ordered = SECTIONS.flatMap((section) => exercises.filter((e) => e.section === section.id));
  const next = ordered[ordered.findIndex((e) => e.id === id) + 1];
  if (!next || ordered.findIndex((e) => e.id === id) < 0) return null;
  return { id: next.id, title: (locale === 'zh' ? next.translation?.title : undefined) ?? next.title };
}
