import 'server-only';
import type { GradingResult } from '../../grader/results';
import type { Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { getDb } from '../db';
import type { SubmissionStatus } from '../db/schema';
import { AccessError } from '../site/errors';
import { requireStaff } from './access';
import { itemOverridesInForce, itemOverrideKey, type ItemOverride } from '../db/item-overrides';
import { overrideAudit, type AuditEntry } from './overrides';
import { loadScoredSubmissions } from './scores';

/** One submission as course staff review it: what the student sent and saw, and what counts now. */
export interface ReviewedSubmission {
  id: string;
  status: SubmissionStatus;
  exerciseVersion: string;
  code: string;
  result: GradingResult | null;
  createdAt: number;
  startedAt: number | null;
  gradedAt: number | null;
  gradeMs: number | null;
  late: boolean;
  originalScore: number | null;
  regrade: { score: number; status: string; at: number; version: string; result: GradingResult } | null;
  score: number | null;
  source: 'original' | 'regrade' | 'override';
  overrides: AuditEntry[];
}

export interface Review {
  student: { id: string; name: string; email: string };
  exerciseId: string;
  exerciseTitle: string;
  submissions: ReviewedSubmission[];
  /** The score staff set for the whole exercise for this student, if one is in force. */
  itemOverride: ItemOverride | null;
}

/** A student's submissions of one exercise, newest first. */
export async function reviewSubmissions(viewer: Viewer | null, studentId: string, exerciseId: string): Promise<Review> {
  requireStaff(viewer);
  const exercise = getCatalog().allById.get(exerciseId);
  if (!exercise) throw new AccessError(404, 'no such exercise');
  const db = await getDb();
  const student = await db.selectFrom('user').select(['id', 'name', 'email']).where('id', '=', studentId).executeTakeFirst();
  if (!student) throw new AccessError(404, 'no such student');
  const [rows, scored, regrades, audit] = await Promise.all([
    db.selectFrom('submission').selectAll().where('user_id', '=', studentId).where('exercise_id', '=', exerciseId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute(),
    loadScoredSubmissions(db, { userIds: [studentId], exerciseId }),
    db
      .selectFrom('regrade')
      .innerJoin('submission', 'submission.id', 'regrade.submission_id')
      .select(['regrade.submission_id', 'regrade.score', 'regrade.status', 'regrade.created_at', 'regrade.exercise_version', 'regrade.result_json'])
      .where('submission.user_id', '=', studentId)
      .where('submission.exercise_id', '=', exerciseId)
      .orderBy('regrade.created_at', 'asc')
      .orderBy('regrade.id', 'asc')
      .execute(),
    overrideAudit(viewer, { item: exerciseId, limit: 10_000 }),
  ]);
  const itemOverride = viewer?.offering ? ((await itemOverridesInForce(db, viewer.offering.id, [studentId])).get(itemOverrideKey(studentId, 'exercise', exerciseId)) ?? null) : null;
  const scoredOf = new Map(scored.map((s) => [s.id, s]));
  const regradeOf = new Map(regrades.map((r) => [r.submission_id, r]));
  return {
    student,
    exerciseId,
    exerciseTitle: exercise.title,
    itemOverride,
    submissions: rows.map((r) => {
      const s = scoredOf.get(r.id);
      const g = regradeOf.get(r.id);
      return {
        id: r.id,
        status: r.status,
        exerciseVersion: r.exercise_version,
        code: r.code,
        result: r.result_json ? (JSON.parse(r.result_json) as GradingResult) : null,
        createdAt: Number(r.created_at),
        startedAt: r.started_at === null ? null : Number(r.started_at),
        gradedAt: r.graded_at === null ? null : Number(r.graded_at),
        gradeMs: r.grade_ms === null ? null : Number(r.grade_ms),
        late: s?.late ?? false,
        originalScore: r.score === null ? null : Number(r.score),
        regrade: g ? { score: Number(g.score), status: g.status, at: Number(g.created_at), version: g.exercise_version, result: JSON.parse(g.result_json) as GradingResult } : null,
        score: s?.score ?? null,
        source: s?.source ?? 'original',
        overrides: audit.filter((a) => a.submissionId === r.id),
      };
    }),
  };
}
