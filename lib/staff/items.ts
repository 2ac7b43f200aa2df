import type { Kysely } from 'kysely';
import { getCatalog } from '../content/loader';
import { quizProgress } from '../db/quizzes';
import { getQuizCatalog } from '../quiz/loader';
import type { Database } from '../db/schema';
import { loadScoredSubmissions } from './scores';

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
  section: string;
  points: number;
}

export interface ItemProgress {
  userId: string;
  itemId: string;
  /** Best counted score in [0, 1], or null when nothing was graded. */
  bestScore: number | null;
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
}

export interface ItemSource {
  kind: ItemKind;
  items(): GradebookItem[];
  progress(db: Kysely<Database>, userIds: string[] | undefined, opts: ProgressOptions): Promise<ItemProgress[]>;
}

export const exerciseSource: ItemSource = {
  kind: 'exercise',
  items: () => getCatalog().exercises.map((e) => ({ kind: 'exercise', id: e.id, title: e.title, section: e.section, points: e.points })),
  async progress(db, userIds, opts) {
    const rows = await loadScoredSubmissions(db, { userIds });
    const cells = new Map<string, ItemProgress>();
    for (const s of rows) {
      const key = `${s.userId}\u0000${s.exerciseId}`;
      const cell = cells.get(key) ?? { userId: s.userId, itemId: s.exerciseId, bestScore: null, attempts: 0, lastAt: null, lateAttempts: 0 };
      cell.attempts++;
      if (s.late) cell.lateAttempts++;
      cell.lastAt = Math.max(cell.lastAt ?? 0, s.createdAt);
      if (s.score !== null && (opts.countLate || !s.late)) cell.bestScore = Math.max(cell.bestScore ?? 0, s.score);
      cells.set(key, cell);
    }
    return [...cells.values()];
  },
};

/** What `quizProgress(db, userIds?)` (the quizzes' table, quiz_attempt) reports per student and quiz. */
export interface QuizProgressRow {
  userId: string;
  quizId: string;
  bestScore: number | null;
  attempts: number;
  lastAt: number | null;
}

/**
 * The quiz source, built from the quiz catalogue and the quizzes' own progress function. Quizzes
 * have no due dates here, so no attempt is late.
 */
export function quizSource(
  listQuizzes: () => { id: string; title: string; section: string; points: number }[],
  quizProgress: (db: Kysely<Database>, userIds?: string[]) => Promise<QuizProgressRow[]>,
): ItemSource {
  return {
    kind: 'quiz',
    items: () => listQuizzes().map((q) => ({ kind: 'quiz', ...q })),
    async progress(db, userIds) {
      const rows = await quizProgress(db, userIds);
      return rows.map((r) => ({ userId: r.userId, itemId: r.quizId, bestScore: r.bestScore, attempts: r.attempts, lastAt: r.lastAt, lateAttempts: 0 }));
    },
  };
}

const quizzes = quizSource(
  () => getQuizCatalog().quizzes.map((q) => ({ id: q.id, title: q.title.en, section: q.section, points: q.points })),
  quizProgress,
);

/** Every source the gradebook reads: a new kind of graded work adds one entry here. */
export function itemSources(): ItemSource[] {
  return [exerciseSource, quizzes];
}
