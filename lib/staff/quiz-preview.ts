import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import type { Locale } from '../i18n/catalog';
import { getQuizCatalog, instantiateQuestion, presentOptions, quizSeed } from '../quiz';
import { drawParams, formatNumber } from '../quiz/params';
import { renderInline, renderMarkdown } from '../render/markdown';
import { requireStaffOffering } from './access';
import { requireStaffQuiz } from './quiz-access';
import { readReference } from './quiz-answers';

/**
 * A quiz as chosen students would see it: every question instantiated for each seed, with the
 * drawn numbers, the options in that seed's order (the correct ones marked) and the answer that
 * scores 1. A seed is any text; a student's id (or email, looked up in the offering) shows exactly
 * what that student saw. The same seed always draws the same variant.
 */

export const MAX_PREVIEW_SEEDS = 6;

export interface PreviewQuestion {
  id: string;
  type: string;
  points: number;
  promptHtml: string;
  /** The drawn params and derived values, for parameterised questions. */
  params: { name: string; value: string }[];
  options: { html: string; id: string; correct: boolean }[] | null;
  referenceHtml: string;
}

export interface PreviewVariant {
  /** The seed as typed. */
  seed: string;
  /** The student it named, when it was a student's id or email. */
  student: { name: string; email: string } | null;
  questions: PreviewQuestion[];
}

export interface QuizPreview {
  quizId: string;
  title: string;
  held: string | null;
  parameterised: boolean;
  variants: PreviewVariant[];
}

/** A seed nobody has: "new variant". */
export function freshSeed(): string {
  return `variant-${randomBytes(4).toString('hex')}`;
}

/** Seeds from a comma-separated field: trimmed, unique, at most MAX_PREVIEW_SEEDS. */
export function parseSeeds(text: string | undefined): string[] {
  const seeds = [...new Set((text ?? '').split(',').map((s) => s.trim().slice(0, 200)).filter(Boolean))];
  return seeds.length > 0 ? seeds.slice(0, MAX_PREVIEW_SEEDS) : ['student-1'];
}

export async function previewQuiz(viewer: Viewer | null, quizId: string, seeds: readonly string[], locale: Locale): Promise<QuizPreview> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const quiz = requireStaffQuiz(quizId);
  const db = await getDb();
  const variants: PreviewVariant[] = [];
  for (const seed of seeds.slice(0, MAX_PREVIEW_SEEDS)) {
    // A student of this offering, named by id or email, is previewed with their own seed.
    const student = await db
      .selectFrom('user')
      .innerJoin('offering_member as m', 'm.user_id', 'user.id')
      .select(['user.id', 'user.name', 'user.email'])
      .where('m.offering_id', '=', offeringId)
      .where((eb) => eb.or([eb('user.id', '=', seed), eb('user.email', '=', seed.toLowerCase())]))
      .executeTakeFirst();
    const scoped = quizSeed(student?.id ?? seed, quiz.id);
    variants.push({
      seed,
      student: student ? { name: student.name, email: student.email } : null,
      questions: quiz.questions.map((q) => {
        const view = instantiateQuestion(q, scoped, locale);
        const params = drawParams(q, scoped);
        const correct = new Set(q.type === 'single' ? [q.correct] : q.type === 'multiple' ? q.correct : []);
        return {
          id: q.id,
          type: q.type,
          points: q.points,
          promptHtml: renderMarkdown(view.prompt),
          params: [...params].map(([name, value]) => ({ name, value: formatNumber(Number(value.toPrecision(6))) })),
          options:
            q.type === 'single' || q.type === 'multiple'
              ? presentOptions(q, scoped).map((p, i) => ({ id: p.option.id, html: renderInline('options' in view ? view.options[i]!.text : ''), correct: correct.has(p.option.id) }))
              : null,
          referenceHtml: readReference(q, scoped, locale),
        };
      }),
    });
  }
  return {
    quizId: quiz.id,
    title: quiz.title[locale],
    held: getQuizCatalog().held.get(quiz.id) ?? null,
    parameterised: quiz.questions.some((q) => Object.keys(q.params ?? {}).length > 0),
    variants,
  };
}
