import 'server-only';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { newId } from '../db/ids';
import { countedQuizProgress, loadScoredQuizAttempts } from '../db/quiz-scores';
import { queueQuizScore } from '../lti/ags';
import { AccessError } from '../site/errors';
import { parseInput, requireStaffOffering } from './access';
import { AuditQuery } from './overrides';
import { requireStaffQuiz, studentOfOffering } from './quiz-access';

/**
 * Quiz scores set by hand, always with a reason: one attempt's score (quiz_attempt_override), or a
 * student's score for the whole quiz (an item_override row with item_kind 'quiz'; a row with a
 * null score removes it). Both are append-only, so the rows are the audit log.
 */

const Reason = z.string().trim().min(3, 'give a reason (at least 3 characters)').max(1000);

export const QuizAttemptOverrideInput = z.object({
  attemptId: z.uuid(),
  /** Percent, as staff type it. */
  percent: z.number().min(0).max(100),
  reason: Reason,
});

export const QuizItemOverrideInput = z.object({
  userId: z.string().min(1).max(100),
  quizId: z.string().min(1).max(100),
  /** Percent; null removes the override in force. */
  percent: z.number().min(0).max(100).nullable(),
  reason: Reason,
});

const toScore = (percent: number) => Math.round(percent * 100) / 10_000;

/** Sets one attempt's score; returns the score that counted before and the new one. */
export async function overrideQuizAttempt(viewer: Viewer | null, input: unknown): Promise<{ oldScore: number | null; newScore: number }> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(QuizAttemptOverrideInput, input);
  const db = await getDb();
  const [current] = await loadScoredQuizAttempts(db, { offeringId, attemptIds: [data.attemptId] });
  if (!current) throw new AccessError(404, 'no such attempt');
  const newScore = toScore(data.percent);
  await db
    .insertInto('quiz_attempt_override')
    .values({ id: newId(), attempt_id: current.id, offering_id: offeringId, old_score: current.score, new_score: newScore, reason: data.reason, by_user_id: who.id, by_name: who.name, created_at: Date.now() })
    .execute();
  await queueQuizScore(db, current.userId, offeringId, current.quizId);
  return { oldScore: current.score, newScore };
}

/**
 * Sets (or, with a null percent, removes) a student's score for a whole quiz, whatever their
 * attempts say. Returns the quiz's counted score before and after.
 */
export async function overrideQuizItem(viewer: Viewer | null, input: unknown): Promise<{ oldScore: number | null; newScore: number | null }> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(QuizItemOverrideInput, input);
  const quiz = requireStaffQuiz(data.quizId);
  const db = await getDb();
  if (!(await studentOfOffering(db, offeringId, data.userId))) throw new AccessError(404, 'no such student');
  const progress = async () => (await countedQuizProgress(db, { offeringId, userIds: [data.userId], quizId: quiz.id }))[0];
  const before = await progress();
  if (data.percent === null && !before?.itemOverride) throw new AccessError(400, 'this student has no override for this quiz to remove');
  await db
    .insertInto('item_override')
    .values({
      id: newId(),
      offering_id: offeringId,
      user_id: data.userId,
      item_kind: 'quiz',
      item_id: quiz.id,
      score: data.percent === null ? null : toScore(data.percent),
      reason: data.reason,
      by_user_id: who.id,
      by_name: who.name,
      created_at: Date.now(),
    })
    .execute();
  await queueQuizScore(db, data.userId, offeringId, quiz.id);
  return { oldScore: before?.bestScore ?? null, newScore: (await progress())?.bestScore ?? null };
}

export interface QuizAuditEntry {
  id: string;
  /** An attempt's score, or the student's score for the whole quiz. */
  kind: 'attempt' | 'item';
  attemptId: string | null;
  studentId: string;
  studentName: string;
  studentEmail: string;
  quizId: string;
  /** Attempt overrides record the score that counted before. */
  oldScore: number | null;
  /** Null: the item override was removed. */
  newScore: number | null;
  reason: string;
  by: string;
  at: number;
}

/** Every quiz override of the offering, newest first (optionally of one student or quiz). */
export async function quizOverrideAudit(viewer: Viewer | null, opts: { studentId?: string; quizId?: string; limit?: number } = {}): Promise<QuizAuditEntry[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const limit = opts.limit ?? 200;
  let attempts = db
    .selectFrom('quiz_attempt_override as o')
    .innerJoin('quiz_attempt as a', 'a.id', 'o.attempt_id')
    .innerJoin('user as u', 'u.id', 'a.user_id')
    .select(['o.id', 'o.attempt_id', 'o.old_score', 'o.new_score', 'o.reason', 'o.by_name', 'o.created_at', 'a.quiz_id', 'a.user_id', 'u.name', 'u.email'])
    .where('o.offering_id', '=', offeringId);
  let items = db
    .selectFrom('item_override as o')
    .innerJoin('user as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.score', 'o.reason', 'o.by_name', 'o.created_at', 'o.item_id', 'o.user_id', 'u.name', 'u.email'])
    .where('o.offering_id', '=', offeringId)
    .where('o.item_kind', '=', 'quiz');
  if (opts.studentId) {
    attempts = attempts.where('a.user_id', '=', opts.studentId);
    items = items.where('o.user_id', '=', opts.studentId);
  }
  if (opts.quizId) {
    attempts = attempts.where('a.quiz_id', '=', opts.quizId);
    items = items.where('o.item_id', '=', opts.quizId);
  }
  const [a, i] = await Promise.all([
    attempts.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(limit).execute(),
    items.orderBy('o.created_at', 'desc').orderBy('o.id', 'desc').limit(limit).execute(),
  ]);
  const entries: QuizAuditEntry[] = [
    ...a.map((r) => ({
      id: r.id,
      kind: 'attempt' as const,
      attemptId: r.attempt_id,
      studentId: r.user_id,
      studentName: r.name,
      studentEmail: r.email,
      quizId: r.quiz_id,
      oldScore: r.old_score === null ? null : Number(r.old_score),
      newScore: Number(r.new_score),
      reason: r.reason,
      by: r.by_name,
      at: Number(r.created_at),
    })),
    ...i.map((r) => ({
      id: r.id,
      kind: 'item' as const,
      attemptId: null,
      studentId: r.user_id,
      studentName: r.name,
      studentEmail: r.email,
      quizId: r.item_id,
      oldScore: null,
      newScore: r.score === null ? null : Number(r.score),
      reason: r.reason,
      by: r.by_name,
      at: Number(r.created_at),
    })),
  ];
  return entries.sort((x, y) => y.at - x.at || y.id.localeCompare(x.id)).slice(0, limit);
}

/**
 * The overrides of single quiz attempts, filtered as the audit page filters its main table
 * (AuditQuery: student name or email, quiz id, staff member, dates). Whole-quiz overrides are in
 * that table already, with every item override.
 */
export async function quizAttemptAudit(viewer: Viewer | null, input: unknown = {}): Promise<QuizAuditEntry[]> {
  requireStaffOffering(viewer, { read: true });
  const query = parseInput(AuditQuery, input);
  const student = query.student?.toLowerCase();
  const by = query.by?.toLowerCase();
  return (await quizOverrideAudit(viewer, { quizId: query.item, limit: 10_000 }))
    .filter((e) => e.kind === 'attempt')
    .filter((e) => (query.from === undefined || e.at >= query.from) && (query.to === undefined || e.at <= query.to))
    .filter((e) => !student || e.studentName.toLowerCase().includes(student) || e.studentEmail.toLowerCase().includes(student))
    .filter((e) => !by || e.by.toLowerCase().includes(by))
    .slice(0, query.limit);
}
