import type { Kysely } from 'kysely';
import type { Database, SubmissionStatus } from './schema';

/**
 * The score a submission counts with. Three sources, newest decision first: a manual override by
 * course staff, else the latest regrade, else the grading the student saw. Nothing is ever
 * overwritten; this function decides which one counts.
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
  /** The score that counts (override, else regrade, else original). */
  score: number | null;
  source: 'original' | 'regrade' | 'override';
}

export interface SubmissionFilter {
  /** Only submissions made in this offering. */
  offeringId?: string;
  userIds?: string[];
  exerciseId?: string;
  /** Count this dry run's results as if it were applied (to show what applying would change). */
  withDryRun?: string;
  /** Leave this run's results out (to show what counted before it). */
  withoutRun?: string;
}

export async function loadScoredSubmissions(db: Kysely<Database>, filter: SubmissionFilter = {}): Promise<ScoredSubmission[]> {
  if (filter.userIds && filter.userIds.length === 0) return [];
  let q = db.selectFrom('submission').select(['id', 'user_id', 'exercise_id', 'created_at', 'status', 'score']);
  if (filter.offeringId) q = q.where('offering_id', '=', filter.offeringId);
  if (filter.userIds) q = q.where('user_id', 'in', filter.userIds);
  if (filter.exerciseId) q = q.where('exercise_id', '=', filter.exerciseId);
  const rows = await q.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
  if (rows.length === 0) return [];

  // The related rows of exactly these submissions, found with the same filter as a subquery.
  const scope = () => {
    let sub = db.selectFrom('submission').select('id');
    if (filter.offeringId) sub = sub.where('offering_id', '=', filter.offeringId);
    if (filter.userIds) sub = sub.where('user_id', 'in', filter.userIds);
    if (filter.exerciseId) sub = sub.where('exercise_id', '=', filter.exerciseId);
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
    db.selectFrom('late_submission').select('submission_id').where('submission_id', 'in', scope()).execute(),
  ]);
  // Ordered oldest first, so the last write per submission is the newest.
  // A removal row ends the override before it.
  const overrideOf = new Map(overrides.map((o) => [o.submission_id, Number(o.removed) ? null : { score: Number(o.new_score), reason: o.reason, by: o.by_name, at: Number(o.created_at) }]));
  const regradeOf = new Map(regrades.map((r) => [r.submission_id, Number(r.score)]));
  const lateIds = new Set(late.map((l) => l.submission_id));

  return rows.map((r) => {
    const override = overrideOf.get(r.id) ?? null;
    const regradeScore = regradeOf.get(r.id) ?? null;
    const originalScore = r.score === null ? null : Number(r.score);
    const source = override ? 'override' : regradeScore !== null ? 'regrade' : 'original';
    return {
      id: r.id,
      userId: r.user_id,
      exerciseId: r.exercise_id,
      createdAt: Number(r.created_at),
      status: r.status,
      originalScore,
      regradeScore,
      override,
      late: lateIds.has(r.id),
      score: override ? override.score : (regradeScore ?? originalScore),
      source,
    };
  });
}
