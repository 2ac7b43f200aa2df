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
  userIds?: string[];
  exerciseId?: string;
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
    db.selectFrom('score_override').select(['submission_id', 'new_score', 'reason', 'by_name', 'created_at']).where('submission_id', 'in', scope()).orderBy('created_at', 'asc').orderBy('id', 'asc').execute(),
    db.selectFrom('regrade').select(['submission_id', 'score', 'created_at']).where('submission_id', 'in', scope()).orderBy('created_at', 'asc').orderBy('id', 'asc').execute(),
    db.selectFrom('late_submission').select('submission_id').where('submission_id', 'in', scope()).execute(),
  ]);
  // Ordered oldest first, so the last write per submission is the newest.
  const overrideOf = new Map(overrides.map((o) => [o.submission_id, { score: Number(o.new_score), reason: o.reason, by: o.by_name, at: Number(o.created_at) }]));
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
