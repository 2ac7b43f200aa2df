import type { Kysely } from 'kysely';
import { countedScore, pickCounted } from './scores';
import type { Database } from './schema';

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
  offeringId: string;
  userIds?: readonly string[];
  quizId?: string;
  attemptIds?: readonly string[];
}

/** Bound parameters per statement stay well below what SQLite and PostgreSQL accept. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Every attempt in the offering matching the filter, oldest first, with the score it counts with. */
export async function loadScoredQuizAttempts(db: Kysely<Database>, filter: QuizAttemptFilter): Promise<ScoredQuizAttempt[]> {
  if (filter.userIds?.length === 0 || filter.attemptIds?.length === 0) return [];
  let q = db.selectFrom('quiz_attempt').select(['id', 'user_id', 'quiz_id', 'quiz_version', 'score', 'created_at']).where('offering_id', '=', filter.offeringId);
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

export interface ItemOverrideEntry {
  id: string;
  userId: string;
  itemKind: 'exercise' | 'quiz';
  itemId: string;
  /** Null: this row removed the override before it. */
  score: number | null;
  reason: string;
  by: string;
  at: number;
}

/** Every per-student item override row of the offering (optionally of one kind, item or students), oldest first. */
export async function loadItemOverrides(
  db: Kysely<Database>,
  filter: { offeringId: string; itemKind?: 'exercise' | 'quiz'; itemId?: string; userIds?: readonly string[] },
): Promise<ItemOverrideEntry[]> {
  if (filter.userIds?.length === 0) return [];
  let q = db.selectFrom('item_override').selectAll().where('offering_id', '=', filter.offeringId);
  if (filter.itemKind) q = q.where('item_kind', '=', filter.itemKind);
  if (filter.itemId) q = q.where('item_id', '=', filter.itemId);
  const rows = [];
  for (const users of filter.userIds ? chunks([...new Set(filter.userIds)]) : [undefined]) {
    rows.push(...(await (users ? q.where('user_id', 'in', users) : q).orderBy('created_at', 'asc').orderBy('id', 'asc').execute()));
  }
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

/** The override in force per `${userId}\0${itemId}`: the newest row, unless it removed the override. */
export function itemOverridesInForce(rows: readonly ItemOverrideEntry[]): Map<string, ItemOverrideEntry> {
  const newest = new Map<string, ItemOverrideEntry>();
  for (const r of [...rows].sort((a, b) => a.at - b.at)) newest.set(`${r.userId}\u0000${r.itemId}`, r);
  for (const [key, r] of newest) if (r.score === null) newest.delete(key);
  return newest;
}

export interface CountedQuizProgress {
  userId: string;
  quizId: string;
  /** The score for the quiz that counts, in [0, 1]: the item override, else the best counted attempt. */
  bestScore: number | null;
  /** Best counted attempt, whatever the item override says. */
  bestAttemptScore: number | null;
  /** The newest attempt's counted score (for items where the last attempt counts). */
  lastScore: number | null;
  attempts: number;
  lateAttempts: number;
  lastAt: number | null;
  itemOverride: { score: number; reason: string; by: string; at: number } | null;
}

/**
 * Per (student, quiz) in the offering: the counted score, attempts and last attempt. A student with
 * an item override and no attempt still gets a row (staff set a score for work done elsewhere).
 */
export async function countedQuizProgress(db: Kysely<Database>, filter: { offeringId: string; userIds?: readonly string[]; quizId?: string }): Promise<CountedQuizProgress[]> {
  const [attempts, overrides] = await Promise.all([
    loadScoredQuizAttempts(db, filter),
    loadItemOverrides(db, { offeringId: filter.offeringId, itemKind: 'quiz', itemId: filter.quizId, userIds: filter.userIds }),
  ]);
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
    c.bestAttemptScore = Math.max(c.bestAttemptScore ?? 0, a.score);
    const key = `${a.userId}\u0000${a.quizId}`;
    scored.set(key, [...(scored.get(key) ?? []), { createdAt: a.createdAt, score: a.score }]);
  }
  for (const [key, list] of scored) cells.get(key)!.lastScore = pickCounted(list, 'last');
  for (const [key, o] of itemOverridesInForce(overrides)) {
    const [userId, quizId] = key.split('\u0000') as [string, string];
    cell(userId, quizId).itemOverride = { score: o.score!, reason: o.reason, by: o.by, at: o.at };
  }
  for (const c of cells.values()) c.bestScore = c.itemOverride ? c.itemOverride.score : c.bestAttemptScore;
  return [...cells.values()].sort((a, b) => a.userId.localeCompare(b.userId) || a.quizId.localeCompare(b.quizId));
}
