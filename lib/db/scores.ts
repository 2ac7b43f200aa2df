import type { Kysely } from 'kysely';
import type { Database, SubmissionStatus } from './schema';

/**
 * The score a submission counts with. Three sources, newest decision first: a manual override by
 * course staff, else the latest regrade, else the grading the student saw. Nothing is ever
 * overwritten; this function decides which one counts. Late work counts times the factor recorded
 * with its late mark (lib/db/late-policy.ts); a staff override is a decision of its own and counts
 * as set. This file is the one place the factor is applied, for exercises and quizzes alike.
 */
export interface ScoredSubmission {
  id: string;
  userId: string;
  exerciseId: string;
  createdAt: number;
  status: SubmissionStatus;
  originalScore: number | null;
  regradeScore: number | null;
  override: { score: number; reason: string; by: string; at: number } | null;
  late: boolean;
  /** The factor the late policy gave when it was recorded; 1 when on time. */
  lateFactor: number;
  /** The score that counts (override, else regrade × late factor, else original × late factor). */
  score: number | null;
  source: 'original' | 'regrade' | 'override';
}

export interface SubmissionFilter {
  userIds?: string[];
  exerciseId?: string;
  /** Count this dry run's results as if it were applied (to show what applying would change). */
  withDryRun?: string;
  /** Leave this run's results out (to show what counted before it). */
  withoutRun?: string;
  /** Only work done in this offering (null: work done outside any offering). */
  offeringId?: string | null;
}

export async function loadScoredSubmissions(db: Kysely<Database>, filter: SubmissionFilter = {}): Promise<ScoredSubmission[]> {
  if (filter.userIds && filter.userIds.length === 0) return [];
  let q = db.selectFrom('submission').select(['id', 'user_id', 'exercise_id', 'created_at', 'status', 'score']);
  if (filter.userIds) q = q.where('user_id', 'in', filter.userIds);
  if (filter.exerciseId) q = q.where('exercise_id', '=', filter.exerciseId);
  if (filter.offeringId !== undefined) q = filter.offeringId === null ? q.where('offering_id', 'is', null) : q.where('offering_id', '=', filter.offeringId);
  const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
  if (rows.length === 0) return [];

  // The related rows of exactly these submissions, found with the same filter as a subquery.
  const scope = () => {
    let sub = db.selectFrom('submission').select('id');
    if (filter.userIds) sub = sub.where('user_id', 'in', filter.userIds);
    if (filter.exerciseId) sub = sub.where('exercise_id', '=', filter.exerciseId);
    if (filter.offeringId !== undefined) sub = filter.offeringId === null ? sub.where('offering_id', 'is', null) : sub.where('offering_id', '=', filter.offeringId);
    return sub;
  };
  const [overrides, regrades, late] = await Promise.all([
    db.selectFrom('score_override').select(['submission_id', 'new_score', 'reason', 'by_name', 'created_at', 'removed']).where('submission_id', 'in', scope()).orderBy('created_at', 'asc').orderBy('id', 'asc').execute(),
    // Results of a dry run count only once it is applied.
    db
      .selectFrom('regrade as r')
      .innerJoin('regrade_run as run', 'run.id', 'r.run_id')
      .select(['r.submission_id', 'r.score', 'r.created_at'])
      .where('r.submission_id', 'in', scope())
      .where((eb) => {
        const counted = eb.or([eb('run.dry_run', '=', 0), eb('run.applied_at', 'is not', null), ...(filter.withDryRun ? [eb('run.id', '=', filter.withDryRun)] : [])]);
        return filter.withoutRun ? eb.and([counted, eb('run.id', '!=', filter.withoutRun)]) : counted;
      })
      .orderBy('r.created_at', 'asc')
      .orderBy('r.id', 'asc')
      .execute(),
    db.selectFrom('late_submission').select(['submission_id', 'factor']).where('submission_id', 'in', scope()).execute(),
  ]);
  // Ordered oldest first, so the last write per submission is the newest.
  // A removal row ends the override before it.
  const overrideOf = new Map(overrides.map((o) => [o.submission_id, Number(o.removed) ? null : { score: Number(o.new_score), reason: o.reason, by: o.by_name, at: Number(o.created_at) }]));
  const regradeOf = new Map(regrades.map((r) => [r.submission_id, Number(r.score)]));
  const lateOf = new Map(late.map((l) => [l.submission_id, l.factor === null ? 1 : Number(l.factor)]));

  return rows.map((r) => {
    const override = overrideOf.get(r.id) ?? null;
    const regradeScore = regradeOf.get(r.id) ?? null;
    const originalScore = r.score === null ? null : Number(r.score);
    const source = override ? 'override' : regradeScore !== null ? 'regrade' : 'original';
    const factor = lateOf.get(r.id) ?? 1;
    return {
      id: r.id,
      userId: r.user_id,
      exerciseId: r.exercise_id,
      createdAt: Number(r.created_at),
      status: r.status,
      originalScore,
      regradeScore,
      override,
      late: lateOf.has(r.id),
      lateFactor: factor,
      score: override ? override.score : countedScore(regradeScore ?? originalScore, factor),
      source,
    };
  });
}

/** A graded score as it counts: times the late factor recorded with it. */
export function countedScore(score: number | null, lateFactor: number): number | null {
  if (score === null || lateFactor === 1) return score;
  return Math.round(score * lateFactor * 1e9) / 1e9;
}

/**
 * The one score an item counts with for a student, from their attempts' counted scores: the best,
 * or the newest graded one ("last"), as the item's rule says (lib/db/windows.ts). Attempts not
 * graded yet (null) are skipped either way.
 */
export function pickCounted(attempts: readonly { createdAt: number; score: number | null }[], counts: 'best' | 'last'): number | null {
  const graded = attempts.filter((a): a is { createdAt: number; score: number } => a.score !== null);
  if (graded.length === 0) return null;
  if (counts === 'best') return Math.max(...graded.map((a) => a.score));
  return graded.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a)).score;
}

/**
 * The score an item (exercise or quiz) counts with under its rule (lib/db/windows.ts `counts`):
 * the item override, else the last counted attempt where the last counts, else the best. The
 * gradebook reaches the same number by applying the rule to its cells; the student's pages call this.
 */
export function scoreUnder(progress: { itemOverride: { score: number } | null; bestAttemptScore: number | null; lastScore: number | null }, counts: 'best' | 'last'): number | null {
  if (progress.itemOverride) return progress.itemOverride.score;
  return counts === 'last' ? progress.lastScore : progress.bestAttemptScore;
}
