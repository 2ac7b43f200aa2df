import 'server-only';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { newId } from '../db/ids';
import { queueExerciseScore } from '../lti/ags';
import { AccessError } from '../site/errors';
import { parseInput, requireStaff } from './access';
import { loadScoredSubmissions } from './scores';

export const OverrideInput = z.object({
  submissionId: z.uuid(),
  /** Percent, as staff type it. */
  percent: z.number().min(0).max(100),
  reason: z.string().trim().min(3, 'give a reason (at least 3 characters)').max(1000),
});

/**
 * Sets a submission's score by hand. The override row is the audit record: who, when, the score
 * that counted before and the new one, and why. Earlier overrides stay; the newest one counts.
 */
export async function overrideScore(viewer: Viewer | null, input: unknown): Promise<{ oldScore: number | null; newScore: number }> {
  const who = requireStaff(viewer);
  const data = parseInput(OverrideInput, input);
  const db = await getDb();
  const submission = await db.selectFrom('submission').select(['id', 'user_id', 'exercise_id']).where('id', '=', data.submissionId).executeTakeFirst();
  if (!submission) throw new AccessError(404, 'no such submission');
  const current = (await loadScoredSubmissions(db, { userIds: [submission.user_id], exerciseId: submission.exercise_id })).find((s) => s.id === submission.id);
  const newScore = Math.round(data.percent * 100) / 10_000;
  await db
    .insertInto('score_override')
    .values({ id: newId(), submission_id: submission.id, old_score: current?.score ?? null, new_score: newScore, reason: data.reason, by_user_id: who.id, by_name: who.name, created_at: Date.now() })
    .execute();
  await queueExerciseScore(db, submission.user_id, submission.exercise_id);
  return { oldScore: current?.score ?? null, newScore };
}

export interface AuditEntry {
  id: string;
  submissionId: string;
  studentName: string;
  studentEmail: string;
  exerciseId: string;
  oldScore: number | null;
  newScore: number;
  reason: string;
  by: string;
  at: number;
}

/** Every override, newest first (optionally of one submission). */
export async function overrideAudit(viewer: Viewer | null, opts: { submissionId?: string; limit?: number } = {}): Promise<AuditEntry[]> {
  requireStaff(viewer);
  const db = await getDb();
  let q = db
    .selectFrom('score_override as o')
    .innerJoin('submission as s', 's.id', 'o.submission_id')
    .innerJoin('user as u', 'u.id', 's.user_id')
    .select(['o.id', 'o.submission_id', 'o.old_score', 'o.new_score', 'o.reason', 'o.by_name', 'o.created_at', 's.exercise_id', 'u.name', 'u.email']);
  if (opts.submissionId) q = q.where('o.submission_id', '=', opts.submissionId);
  const rows = await q.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(opts.limit ?? 200).execute();
  return rows.map((r) => ({
    id: r.id,
    submissionId: r.submission_id,
    studentName: r.name,
    studentEmail: r.email,
    exerciseId: r.exercise_id,
    oldScore: r.old_score === null ? null : Number(r.old_score),
    newScore: Number(r.new_score),
    reason: r.reason,
    by: r.by_name,
    at: Number(r.created_at),
  }));
}
