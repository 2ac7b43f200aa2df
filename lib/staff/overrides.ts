import 'server-only';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { newId } from '../db/ids';
import { queueExerciseScore, queueItemScore } from '../lti/ags';
import { AccessError } from '../site/errors';
import { itemOverridesInForce, itemOverrideKey } from '../db/item-overrides';
import { getQuizCatalog } from '../quiz/loader';
import { getCatalog } from '../content/loader';
import { parseInput, requireStaffOffering } from './access';
import { toCsv } from './csv';
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
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(OverrideInput, input);
  const db = await getDb();
  // Only a submission made in this offering: staff of one offering never change another's scores.
  const submission = await db.selectFrom('submission').select(['id', 'user_id', 'exercise_id']).where('id', '=', data.submissionId).where('offering_id', '=', offeringId).executeTakeFirst();
  if (!submission) throw new AccessError(404, 'no such submission');
  const current = (await loadScoredSubmissions(db, { userIds: [submission.user_id], exerciseId: submission.exercise_id, offeringId })).find((s) => s.id === submission.id);
  const newScore = Math.round(data.percent * 100) / 10_000;
  await db
    .insertInto('score_override')
    .values({ id: newId(), submission_id: submission.id, old_score: current?.score ?? null, new_score: newScore, reason: data.reason, by_user_id: who.id, by_name: who.name, created_at: Date.now() })
    .execute();
  await queueExerciseScore(db, submission.user_id, offeringId, submission.exercise_id);
  return { oldScore: current?.score ?? null, newScore };
}

export const RemoveOverrideInput = z.object({
  submissionId: z.uuid(),
  reason: z.string().trim().min(3, 'give a reason (at least 3 characters)').max(1000),
});

/**
 * Takes a submission's override away: the score that counted before it (regrade, else original)
 * counts again. Written as a new row, so the audit log shows the override and its removal.
 */
export async function removeOverride(viewer: Viewer | null, input: unknown): Promise<{ oldScore: number | null; newScore: number | null }> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(RemoveOverrideInput, input);
  const db = await getDb();
  const submission = await db.selectFrom('submission').select(['id', 'user_id', 'exercise_id']).where('id', '=', data.submissionId).where('offering_id', '=', offeringId).executeTakeFirst();
  if (!submission) throw new AccessError(404, 'no such submission');
  const current = (await loadScoredSubmissions(db, { userIds: [submission.user_id], exerciseId: submission.exercise_id })).find((s) => s.id === submission.id);
  if (!current?.override) throw new AccessError(400, 'this submission has no override to remove');
  const after = current.regradeScore ?? current.originalScore;
  await db
    .insertInto('score_override')
    .values({ id: newId(), submission_id: submission.id, old_score: current.score, new_score: after ?? 0, reason: data.reason, by_user_id: who.id, by_name: who.name, created_at: Date.now(), removed: 1 })
    .execute();
  await queueExerciseScore(db, submission.user_id, offeringId, submission.exercise_id);
  return { oldScore: current.score, newScore: after };
}

export const ItemOverrideInput = z.object({
  userId: z.string().min(1).max(100),
  kind: z.enum(['exercise', 'quiz']),
  itemId: z.string().min(1).max(100),
  /** Percent, as staff type it; null removes the override. */
  percent: z.number().min(0).max(100).nullable(),
  reason: z.string().trim().min(3, 'give a reason (at least 3 characters)').max(1000),
});

/**
 * Sets (or, with a null percent, removes) one student's score for a whole exercise or quiz in the
 * current offering, whatever their submissions. The gradebook counts it instead of the best
 * submission; the student sees it with its reason.
 */
export async function overrideItem(viewer: Viewer | null, input: unknown): Promise<{ oldScore: number | null; newScore: number | null }> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(ItemOverrideInput, input);
  const known = data.kind === 'exercise' ? getCatalog().allById.has(data.itemId) : getQuizCatalog().quizzes.some((q) => q.id === data.itemId);
  if (!known) throw new AccessError(404, `no such ${data.kind}`);
  const db = await getDb();
  const member = await db.selectFrom('offering_member').select('role').where('offering_id', '=', offeringId).where('user_id', '=', data.userId).executeTakeFirst();
  if (!member) throw new AccessError(404, 'no such student in this offering');
  const current = (await itemOverridesInForce(db, offeringId, [data.userId])).get(itemOverrideKey(data.userId, data.kind, data.itemId));
  if (data.percent === null && !current) throw new AccessError(400, 'there is no override to remove');
  const newScore = data.percent === null ? null : Math.round(data.percent * 100) / 10_000;
  await db
    .insertInto('item_override')
    .values({ id: newId(), offering_id: offeringId, user_id: data.userId, item_kind: data.kind, item_id: data.itemId, score: newScore, reason: data.reason, by_user_id: who.id, by_name: who.name, created_at: Date.now() })
    .execute();
  await queueItemScore(db, data.userId, offeringId, data.kind, data.itemId);
  return { oldScore: current?.score ?? null, newScore };
}

export interface AuditEntry {
  id: string;
  /** A submission's override, or a whole item's for one student. */
  scope: 'submission' | 'item';
  /** The override was taken away (newScore is then what counts again, or null for an item). */
  removed: boolean;
  submissionId: string | null;
  studentId: string;
  studentName: string;
  studentEmail: string;
  itemKind: 'exercise' | 'quiz';
  /** The exercise or quiz id. */
  exerciseId: string;
  oldScore: number | null;
  newScore: number | null;
  reason: string;
  by: string;
  at: number;
}

export const AuditQuery = z.object({
  student: z.string().trim().max(200).optional(),
  item: z.string().trim().max(100).optional(),
  by: z.string().trim().max(200).optional(),
  /** Epoch milliseconds, inclusive. */
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().nonnegative().optional(),
  submissionId: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(10_000).default(500),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

/**
 * Every override in the current offering, newest first: submissions' and whole items', set and
 * removed, filtered by student (name, email), item id, staff member, dates or one submission.
 */
export async function overrideAudit(viewer: Viewer | null, input: unknown = {}): Promise<AuditEntry[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const query = parseInput(AuditQuery, input);
  const db = await getDb();
  let subs = db
    .selectFrom('score_override as o')
    .innerJoin('submission as s', 's.id', 'o.submission_id')
    .innerJoin('user as u', 'u.id', 's.user_id')
    .select(['o.id', 'o.submission_id', 'o.old_score', 'o.new_score', 'o.reason', 'o.by_name', 'o.created_at', 'o.removed', 's.exercise_id', 's.user_id', 'u.name', 'u.email'])
    .where('s.offering_id', '=', offeringId);
  if (query.submissionId) subs = subs.where('o.submission_id', '=', query.submissionId);
  if (query.item) subs = subs.where('s.exercise_id', '=', query.item);
  if (query.from !== undefined) subs = subs.where('o.created_at', '>=', query.from);
  if (query.to !== undefined) subs = subs.where('o.created_at', '<=', query.to);
  let items = db
    .selectFrom('item_override as o')
    .innerJoin('user as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.item_kind', 'o.item_id', 'o.user_id', 'o.score', 'o.reason', 'o.by_name', 'o.created_at', 'u.name', 'u.email'])
    .where('o.offering_id', '=', offeringId);
  if (query.item) items = items.where('o.item_id', '=', query.item);
  if (query.from !== undefined) items = items.where('o.created_at', '>=', query.from);
  if (query.to !== undefined) items = items.where('o.created_at', '<=', query.to);
  const [subRows, itemRows] = await Promise.all([
    subs.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(query.limit).execute(),
    query.submissionId ? Promise.resolve([]) : items.orderBy('o.created_at', 'asc').orderBy('o.id', 'asc').execute(),
  ]);
  const entries: AuditEntry[] = subRows.map((r) => ({
    id: r.id,
    scope: 'submission',
    removed: Number(r.removed) === 1,
    submissionId: r.submission_id,
    studentId: r.user_id,
    studentName: r.name,
    studentEmail: r.email,
    itemKind: 'exercise',
    exerciseId: r.exercise_id,
    oldScore: r.old_score === null ? null : Number(r.old_score),
    newScore: Number(r.new_score),
    reason: r.reason,
    by: r.by_name,
    at: Number(r.created_at),
  }));
  // An item override's "before" is the override it replaced, found by walking its rows in order.
  const previous = new Map<string, number | null>();
  for (const r of itemRows) {
    const key = itemOverrideKey(r.user_id, r.item_kind, r.item_id);
    const score = r.score === null ? null : Number(r.score);
    entries.push({
      id: r.id,
      scope: 'item',
      removed: score === null,
      submissionId: null,
      studentId: r.user_id,
      studentName: r.name,
      studentEmail: r.email,
      itemKind: r.item_kind,
      exerciseId: r.item_id,
      oldScore: previous.get(key) ?? null,
      newScore: score,
      reason: r.reason,
      by: r.by_name,
      at: Number(r.created_at),
    });
    previous.set(key, score);
  }
  const student = query.student?.toLowerCase();
  const by = query.by?.toLowerCase();
  return entries
    .filter((e) => !student || e.studentName.toLowerCase().includes(student) || e.studentEmail.toLowerCase().includes(student))
    .filter((e) => !by || e.by.toLowerCase().includes(by))
    .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
    .slice(0, query.limit);
}

export const AUDIT_COLUMNS = ['at', 'by', 'student_email', 'student_name', 'item_kind', 'item_id', 'scope', 'submission_id', 'action', 'old_percent', 'new_percent', 'reason'] as const;

/** The filtered audit log as CSV (same filters as the page). */
export async function auditCsv(viewer: Viewer | null, input: unknown = {}): Promise<string> {
  const entries = await overrideAudit(viewer, { ...(input as object), limit: 10_000 });
  const pct = (v: number | null) => (v === null ? '' : Math.round(v * 10000) / 100);
  return toCsv(
    [...AUDIT_COLUMNS],
    entries.map((e) => [new Date(e.at).toISOString(), e.by, e.studentEmail, e.studentName, e.itemKind, e.exerciseId, e.scope, e.submissionId ?? '', e.removed ? 'remove' : 'set', pct(e.oldScore), pct(e.newScore), e.reason]),
  );
}
