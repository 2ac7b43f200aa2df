import type { Kysely } from 'kysely';
import { itemOverridesInForce } from './item-overrides';
import { loadScoredSubmissions, pickCounted } from './scores';
import type { Database } from './schema';

/**
 * A student's score for a whole exercise: the one authority the gradebook (lib/staff/items.ts) and
 * the student's own pages (lib/site/submissions.ts) read, as lib/db/quiz-scores.ts is for quizzes.
 * Each submission counts as loadScoredSubmissions decides (override, else regrade, else the
 * grading, late work times its factor); the exercise counts a per-student item override, else the
 * best or the last counted submission (lib/db/scores.ts `scoreUnder` applies the item's rule).
 */
export interface CountedExerciseProgress {
  userId: string;
  exerciseId: string;
  /** The item override, else the best counted submission (the best rule; scoreUnder applies "last"). */
  bestScore: number | null;
  /** Best counted submission, whatever the item override says. */
  bestAttemptScore: number | null;
  /** The newest graded submission's counted score. */
  lastScore: number | null;
  attempts: number;
  lateAttempts: number;
  lastAt: number | null;
  /** Staff set a score on one of the submissions. */
  submissionOverridden: boolean;
  itemOverride: { score: number; reason: string; by: string; at: number } | null;
}

export interface ExerciseProgressFilter {
  /** Null: work done outside any offering (no item overrides there). */
  offeringId: string | null;
  userIds?: string[];
  exerciseId?: string;
  /** False: late submissions are left out of the best and last scores (they still count as attempts). Default true. */
  countLate?: boolean;
}

/** Per (student, exercise): the counted score, attempts and last submission; an item override alone makes a row. */
export async function countedExerciseProgress(db: Kysely<Database>, filter: ExerciseProgressFilter): Promise<CountedExerciseProgress[]> {
  const { offeringId } = filter;
  const [submissions, overrides] = await Promise.all([
    loadScoredSubmissions(db, { userIds: filter.userIds, exerciseId: filter.exerciseId, offeringId }),
    offeringId === null ? new Map() : itemOverridesInForce(db, offeringId, filter.userIds, { itemKind: 'exercise', itemId: filter.exerciseId }),
  ]);
  const countLate = filter.countLate ?? true;
  const cells = new Map<string, CountedExerciseProgress & { graded: { createdAt: number; score: number | null }[] }>();
  const cell = (userId: string, exerciseId: string) => {
    const key = `${userId}\u0000${exerciseId}`;
    let c = cells.get(key);
    if (!c) {
      c = { userId, exerciseId, bestScore: null, bestAttemptScore: null, lastScore: null, attempts: 0, lateAttempts: 0, lastAt: null, submissionOverridden: false, itemOverride: null, graded: [] };
      cells.set(key, c);
    }
    return c;
  };
  for (const s of submissions) {
    const c = cell(s.userId, s.exerciseId);
    c.attempts++;
    if (s.late) c.lateAttempts++;
    if (s.override) c.submissionOverridden = true;
    c.lastAt = Math.max(c.lastAt ?? 0, s.createdAt);
    if (s.late && !countLate) continue;
    c.graded.push({ createdAt: s.createdAt, score: s.score });
  }
  for (const o of overrides.values()) cell(o.userId, o.itemId).itemOverride = { score: o.score, reason: o.reason, by: o.by, at: o.at };
  return [...cells.values()]
    .map(({ graded, ...c }) => {
      const bestAttemptScore = pickCounted(graded, 'best');
      return { ...c, bestAttemptScore, lastScore: pickCounted(graded, 'last'), bestScore: c.itemOverride ? c.itemOverride.score : bestAttemptScore };
    })
    .sort((a, b) => a.userId.localeCompare(b.userId) || a.exerciseId.localeCompare(b.exerciseId));
}
