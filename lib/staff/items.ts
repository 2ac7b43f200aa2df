import type { Kysely } from 'kysely';
import { getCatalog } from '../content/loader';
import { countedQuizProgress } from '../db/quiz-scores';
import { getQuizCatalog } from '../quiz/loader';
import type { Database } from '../db/schema';
import { countedExerciseProgress } from '../db/exercise-scores';

/**
 * The gradebook's columns are "items" of several kinds. Each kind has one source: it lists its
 * items and reports every student's progress on them in one shape. The gradebook, its totals and
 * the CSV export know only this interface.
 */
export type ItemKind = 'exercise' | 'quiz';

export interface GradebookItem {
  kind: ItemKind;
  id: string;
  title: string;
  /** The Chinese title, when the item has one (the gradebook page shows titles in the reader's language). */
  titleZh?: string;
  section: string;
  points: number;
  /** The offering's assignment that counts it (lib/staff/assignments.ts), when it has assignments. */
  assignmentId?: string | null;
  assignmentTitle?: string | null;
}

export interface ItemProgress {
  userId: string;
  itemId: string;
  /**
   * The counted score in [0, 1], or null when nothing was graded: the best attempt's, or the
   * last's where the item's rule says so (the gradebook applies lib/db/windows.ts's `counts`).
   */
  bestScore: number | null;
  /** The newest graded attempt's counted score. */
  lastScore: number | null;
  /** The student has an extension for this item (shown as a marker in the cell). */
  extended?: boolean;
  attempts: number;
  lastAt: number | null;
  /** Attempts recorded after the due date. */
  lateAttempts: number;
  /** Staff set this student's score for the whole item; bestScore is then the override's. */
  override?: { score: number; reason: string; by: string; at: number };
}

export interface ProgressOptions {
  /** When false, late work is left out of the best score (it still counts as an attempt). */
  countLate: boolean;
  /** Only work done in this offering. */
  offeringId: string;
}

export interface ItemSource {
  kind: ItemKind;
  items(): GradebookItem[];
  progress(db: Kysely<Database>, userIds: string[] | undefined, opts: ProgressOptions): Promise<ItemProgress[]>;
}

export const exerciseSource: ItemSource = {
  kind: 'exercise',
  items: () => getCatalog().exercises.map((e) => ({ kind: 'exercise', id: e.id, title: e.title, titleZh: e.translation?.title, section: e.section, points: e.points })),
  // The counted score (submission overrides, regrades, late factors) has one authority,
  // lib/db/exercise-scores.ts, which the student's pages read too.
  async progress(db, userIds, opts) {
    const rows = await countedExerciseProgress(db, { offeringId: opts.offeringId, userIds, countLate: opts.countLate });
    return rows.map((r) => ({ userId: r.userId, itemId: r.exerciseId, bestScore: r.bestScore, lastScore: r.lastScore, attempts: r.attempts, lastAt: r.lastAt, lateAttempts: r.lateAttempts }));
  },
};

/** What the quizzes' progress function reports per student and quiz in an offering. */
export interface QuizProgressRow {
  userId: string;
  quizId: string;
  bestScore: number | null;
  lastScore?: number | null;
  attempts: number;
  lateAttempts?: number;
  lastAt: number | null;
}

/**
 * The quiz source, built from the quiz catalogue and the quizzes' own progress function (counted
 * scores; late attempts at their factor, or left out when late work does not count).
 */
export function quizSource(
  listQuizzes: () => { id: string; title: string; titleZh?: string; section: string; points: number }[],
  quizProgress: (db: Kysely<Database>, userIds: string[] | undefined, opts: ProgressOptions) => Promise<QuizProgressRow[]>,
): ItemSource {
  return {
    kind: 'quiz',
    items: () => listQuizzes().map((q) => ({ kind: 'quiz', ...q })),
    async progress(db, userIds, opts) {
      const rows = await quizProgress(db, userIds, opts);
      return rows.map((r) => ({ userId: r.userId, itemId: r.quizId, bestScore: r.bestScore, lastScore: r.lastScore ?? r.bestScore, attempts: r.attempts, lastAt: r.lastAt, lateAttempts: r.lateAttempts ?? 0 }));
    },
  };
}

// The counted score (attempt overrides, regrades, per-student item overrides) has one authority:
// lib/db/quiz-scores.ts, which the review and the exports read too.
const quizzes = quizSource(
  () => getQuizCatalog().quizzes.map((q) => ({ id: q.id, title: q.title.en, titleZh: q.title.zh, section: q.section, points: q.points })),
  // "Count late work" off leaves late attempts out of the score, as for exercises.
  (db, userIds, opts) => countedQuizProgress(db, { offeringId: opts.offeringId, userIds, countLate: opts.countLate }),
);

/** Every source the gradebook reads: a new kind of graded work adds one entry here. */
export function itemSources(): ItemSource[] {
  return [exerciseSource, quizzes];
}
