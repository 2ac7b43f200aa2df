import type { Kysely } from 'kysely';
import { chunks } from './chunks';
import { itemOverridesInForce } from './item-overrides';
import { countedScore, pickCounted, scoreUnder } from './scores';
import type { Database } from './schema';
import type { Counts } from './windows';

/**
 * The score a quiz attempt counts with, and a student's score for a whole quiz: the one authority
 * the gradebook, the review, the exports and the students' pages read. Nothing is ever
 * overwritten; these functions decide which stored decision counts:
 *
 * - an attempt: an override of the attempt by staff (newest), else its newest regrade, else the
 *   grading the student saw; a late attempt's graded score counts times the factor recorded with
 *   its late mark (countedScore, as for exercises), an override counts as set;
 * - a student's quiz: a per-student override of the item (the newest `item_override` row for the
 *   quiz, unless that row has a null score, which removes it), else the best counted attempt.
 */

export interface ScoredQuizAttempt {
  id: string;
  userId: string;
  quizId: string;
  quizVersion: string;
  createdAt: number;
  originalScore: number;
  regrade: { score: number; version: string; at: number; runId: string } | null;
  override: { score: number; reason: string; by: string; at: number } | null;
  /** The factor of its late mark; 1 when on time. */
  lateFactor: number;
  late: boolean;
  /** The score that counts (override, else regrade × late factor, else original × late factor). */
  score: number;
  source: 'original' | 'regrade' | 'override';
}

export interface QuizAttemptFilter {
  /** Null: attempts made outside any offering (a student in none). */
  offeringId: string | null;
  userIds?: readonly string[];
  quizId?: string;
  attemptIds?: readonly string[];
}

/** Every attempt in the offering matching the filter, oldest first, with the score it counts with. */
export async function loadScoredQuizAttempts(db: Kysely<Database>, filter: QuizAttemptFilter): Promise<ScoredQuizAttempt[]> {
  if (filter.userIds?.length === 0 || filter.attemptIds?.length === 0) return [];
  let q = db.selectFrom('quiz_attempt').select(['id', 'user_id', 'quiz_id', 'quiz_version', 'score', 'created_at']);
  q = filter.offeringId === null ? q.where('offering_id', 'is', null) : q.where('offering_id', '=', filter.offeringId);
  if (filter.quizId) q = q.where('quiz_id', '=', filter.quizId);
  const rows = [];
  // A list of students or attempts is sent in chunks; no list, one query.
  const lists = filter.attemptIds ? chunks(filter.attemptIds).map((c) => ({ attempts: c })) : filter.userIds ? chunks([...new Set(filter.userIds)]).map((c) => ({ users: c })) : [{}];
  for (const list of lists) {
    let part = q;
    if ('attempts' in list) part = part.where('id', 'in', list.attempts);
    if ('users' in list) part = part.where('user_id', 'in', list.users);
    rows.push(...(await part.execute()));
  }
  if (rows.length === 0) return [];
  rows.sort((a, b) => Number(a.created_at) - Number(b.created_at) || a.id.localeCompare(b.id));

  const overrideOf = new Map<string, ScoredQuizAttempt['override']>();
  const regradeOf = new Map<string, ScoredQuizAttempt['regrade']>();
  const lateOf = new Map<string, number>();
  for (const ids of chunks(rows.map((r) => r.id))) {
    const [overrides, regrades, late] = await Promise.all([
      db
        .selectFrom('quiz_attempt_override')
        .select(['attempt_id', 'new_score', 'reason', 'by_name', 'created_at'])
        .where('attempt_id', 'in', ids)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute(),
      db
        .selectFrom('quiz_regrade')
        .select(['attempt_id', 'score', 'quiz_version', 'created_at', 'run_id'])
        .where('attempt_id', 'in', ids)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute(),
      db.selectFrom('late_quiz_attempt').select(['attempt_id', 'factor']).where('attempt_id', 'in', ids).execute(),
    ]);
    for (const l of late) lateOf.set(l.attempt_id, l.factor === null ? 1 : Number(l.factor));
    // Oldest first, so the last write per attempt is the newest decision.
    for (const o of overrides) overrideOf.set(o.attempt_id, { score: Number(o.new_score), reason: o.reason, by: o.by_name, at: Number(o.created_at) });
    for (const g of regrades) regradeOf.set(g.attempt_id, { score: Number(g.score), version: g.quiz_version, at: Number(g.created_at), runId: g.run_id });
  }

  return rows.map((r) => {
    const override = overrideOf.get(r.id) ?? null;
    const regrade = regradeOf.get(r.id) ?? null;
    const originalScore = Number(r.score);
    const lateFactor = lateOf.get(r.id) ?? 1;
    return {
      id: r.id,
      userId: r.user_id,
      quizId: r.quiz_id,
      quizVersion: r.quiz_version,
      createdAt: Number(r.created_at),
      originalScore,
      regrade,
      override,
      late: lateOf.has(r.id),
      lateFactor,
      score: override ? override.score : (countedScore(regrade ? regrade.score : originalScore, lateFactor) ?? 0),
      source: override ? 'override' : regrade ? 'regrade' : 'original',
    };
  });
}

export interface CountedQuizProgress {
  userId: string;
  quizId: string;
  /** The score for the quiz that counts, in [0, 1]: the item override, else the best counted attempt. */
  bestScore: number | null;
  /** Best counted attempt, whatever the item override says. */
  bestAttemptScore: number | null;
  /** The newest counted attempt's score (for items where the last attempt counts). */
  lastScore: number | null;
  attempts: number;
  lateAttempts: number;
  lastAt: number | null;
  itemOverride: { score: number; reason: string; by: string; at: number } | null;
}

export interface QuizProgressFilter {
  /** Null: attempts made outside any offering (no item overrides there). */
  offeringId: string | null;
  userIds?: readonly string[];
  quizId?: string;
  /**
   * False: late attempts are left out of the best and last scores (they still count as attempts),
   * as the gradebook's "count late work" option does for exercises. Default true.
   */
  countLate?: boolean;
}

/**
 * Per (student, quiz) in the offering: the counted score, attempts and last attempt. A student with
 * an item override and no attempt still gets a row (staff set a score for work done elsewhere).
 */
export async function countedQuizProgress(db: Kysely<Database>, filter: QuizProgressFilter): Promise<CountedQuizProgress[]> {
  const { offeringId } = filter;
  const [attempts, overrides] = await Promise.all([
    loadScoredQuizAttempts(db, { offeringId, userIds: filter.userIds, quizId: filter.quizId }),
    offeringId === null ? new Map() : itemOverridesInForce(db, offeringId, filter.userIds, { itemKind: 'quiz', itemId: filter.quizId }),
  ]);
  const countLate = filter.countLate ?? true;
  const cells = new Map<string, CountedQuizProgress>();
  const cell = (userId: string, quizId: string) => {
    const key = `${userId}\u0000${quizId}`;
    let c = cells.get(key);
    if (!c) {
      c = { userId, quizId, bestScore: null, bestAttemptScore: null, lastScore: null, attempts: 0, lateAttempts: 0, lastAt: null, itemOverride: null };
      cells.set(key, c);
    }
    return c;
  };
  const scored = new Map<string, { createdAt: number; score: number }[]>();
  for (const a of attempts) {
    const c = cell(a.userId, a.quizId);
    c.attempts++;
    if (a.late) c.lateAttempts++;
    c.lastAt = Math.max(c.lastAt ?? 0, a.createdAt);
    if (a.late && !countLate) continue;
    c.bestAttemptScore = Math.max(c.bestAttemptScore ?? 0, a.score);
    const key = `${a.userId}\u0000${a.quizId}`;
    scored.set(key, [...(scored.get(key) ?? []), { createdAt: a.createdAt, score: a.score }]);
  }
  for (const [key, list] of scored) cells.get(key)!.lastScore = pickCounted(list, 'last');
  for (const o of overrides.values()) cell(o.userId, o.itemId).itemOverride = { score: o.score, reason: o.reason, by: o.by, at: o.at };
  for (const c of cells.values()) c.bestScore = c.itemOverride ? c.itemOverride.score : c.bestAttemptScore;
  return [...cells.values()].sort((a, b) => a.userId.localeCompare(b.userId) || a.quizId.localeCompare(b.quizId));
}

/** The score a quiz counts with under its rule: the same rule as every item's (lib/db/scores.ts). */
export function quizScoreUnder(progress: Pick<CountedQuizProgress, 'itemOverride' | 'bestAttemptScore' | 'lastScore'>, counts: Counts): number | null {
  return scoreUnder(progress, counts);
}
