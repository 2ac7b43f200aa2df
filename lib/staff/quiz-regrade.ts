import 'server-only';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { newId } from '../db/ids';
import { countedQuizProgress, loadScoredQuizAttempts } from '../db/quiz-scores';
import { queueQuizScoresOfRun } from '../lti/ags';
import { gradeAttempt, type GradedAttempt, type StoredAnswer } from '../quiz/attempt';
import { AccessError } from '../site/errors';
import { parseInput, requireStaffOffering } from './access';
import { requireStaffQuiz, studentOfOffering } from './quiz-access';

/**
 * Regrading a quiz after its key changed: the stored answers of every attempt in the offering (or
 * one student's) graded again against quiz.yaml as it is now, with the same function that graded
 * them on submission. A dry run says what would move before anything is written; applying stores
 * each result in quiz_regrade beside the original (never over it) under one run, in one
 * transaction. Quiz grading is pure and fast, so a run is done when the call returns.
 */

export const QuizRegradeInput = z.object({
  quizId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100).optional(),
});

const EPSILON = 1e-9;

export interface QuizRegradeChange {
  userId: string;
  name: string;
  email: string;
  before: number | null;
  after: number | null;
  direction: 'up' | 'down';
}

export interface QuizRegradePlan {
  quizId: string;
  quizVersion: string;
  userId: string | null;
  /** Attempts regraded. */
  attempts: number;
  /** Attempts whose counted score moves (an attempt override keeps its score). */
  attemptsChanged: number;
  /** Attempts whose own graded score differs from the one that counted (override or not). */
  gradesChanged: number;
  /** Students whose score for the quiz moves, and which way. */
  students: QuizRegradeChange[];
  up: number;
  down: number;
}

export interface QuizRegradeRunDTO extends QuizRegradePlan {
  runId: string;
  createdAt: number;
}

interface Computed {
  plan: QuizRegradePlan;
  graded: { attemptId: string; result: GradedAttempt }[];
}

async function compute(viewer: Viewer | null, input: unknown, write: boolean): Promise<Computed & { offeringId: string; who: Viewer }> {
  const { who, offeringId } = requireStaffOffering(viewer, { read: !write });
  const data = parseInput(QuizRegradeInput, input);
  const quiz = requireStaffQuiz(data.quizId);
  const db = await getDb();
  if (data.userId && !(await studentOfOffering(db, offeringId, data.userId))) throw new AccessError(404, 'no such student');
  const userIds = data.userId ? [data.userId] : undefined;
  const [scored, before] = await Promise.all([
    loadScoredQuizAttempts(db, { offeringId, quizId: quiz.id, userIds }),
    countedQuizProgress(db, { offeringId, quizId: quiz.id, userIds }),
  ]);
  const answers = new Map<string, { userId: string; answers: string }>();
  let q = db.selectFrom('quiz_attempt').select(['id', 'user_id', 'answers_json']).where('offering_id', '=', offeringId).where('quiz_id', '=', quiz.id);
  if (data.userId) q = q.where('user_id', '=', data.userId);
  for (const r of await q.execute()) answers.set(r.id, { userId: r.user_id, answers: r.answers_json });

  const graded = scored.map((s) => {
    const a = answers.get(s.id)!;
    const result = gradeAttempt(quiz, a.userId, JSON.parse(a.answers) as Record<string, StoredAnswer>, (questionId, err) => {
      console.error(`[deltalab] regrade of quiz ${quiz.id} question ${questionId} failed:`, err);
    });
    return { attemptId: s.id, result };
  });
  const newScore = new Map(graded.map((g) => [g.attemptId, g.result.score]));
  const gradesChanged = scored.filter((s) => Math.abs(newScore.get(s.id)! - (s.regrade?.score ?? s.originalScore)) > EPSILON).length;
  // After the run an attempt counts with its override if it has one, else with the new grade.
  const countedAfter = new Map(scored.map((s) => [s.id, s.override ? s.override.score : newScore.get(s.id)!]));
  const attemptsChanged = scored.filter((s) => Math.abs(countedAfter.get(s.id)! - s.score) > EPSILON).length;

  const bestAfter = new Map<string, number>();
  for (const s of scored) bestAfter.set(s.userId, Math.max(bestAfter.get(s.userId) ?? 0, countedAfter.get(s.id)!));
  const moved = before
    .map((p) => ({ userId: p.userId, before: p.bestScore, after: p.itemOverride ? p.itemOverride.score : (bestAfter.get(p.userId) ?? null) }))
    .filter((m) => m.before !== null && m.after !== null && Math.abs(m.after - m.before) > EPSILON);
  const users = moved.length
    ? await db.selectFrom('user').select(['id', 'name', 'email']).where('id', 'in', moved.map((m) => m.userId)).execute()
    : [];
  const userOf = new Map(users.map((u) => [u.id, u]));
  const students = moved
    .map((m) => ({ ...m, name: userOf.get(m.userId)?.name ?? '', email: userOf.get(m.userId)?.email ?? '', direction: (m.after! > m.before! ? 'up' : 'down') as 'up' | 'down' }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  return {
    who,
    offeringId,
    graded,
    plan: {
      quizId: quiz.id,
      quizVersion: quiz.version,
      userId: data.userId ?? null,
      attempts: scored.length,
      attemptsChanged,
      gradesChanged,
      students,
      up: students.filter((s) => s.direction === 'up').length,
      down: students.filter((s) => s.direction === 'down').length,
    },
  };
}

/** What a regrade would change, writing nothing. Allowed on archived offerings. */
export async function planQuizRegrade(viewer: Viewer | null, input: unknown): Promise<QuizRegradePlan> {
  return (await compute(viewer, input, false)).plan;
}

/** Regrades and stores every result beside its attempt under one run; returns what moved. */
export async function applyQuizRegrade(viewer: Viewer | null, input: unknown): Promise<QuizRegradeRunDTO> {
  const { who, offeringId, plan, graded } = await compute(viewer, input, true);
  const db = await getDb();
  const runId = newId();
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('quiz_regrade_run')
      .values({ id: runId, offering_id: offeringId, quiz_id: plan.quizId, user_id: plan.userId, quiz_version: plan.quizVersion, total: plan.attempts, changed: plan.attemptsChanged, created_by: who.id, created_at: now })
      .execute();
    for (let i = 0; i < graded.length; i += 100) {
      await trx
        .insertInto('quiz_regrade')
        .values(
          graded.slice(i, i + 100).map((g) => ({
            id: newId(),
            run_id: runId,
            attempt_id: g.attemptId,
            quiz_version: plan.quizVersion,
            score: g.result.score,
            points: g.result.points,
            max_points: g.result.maxPoints,
            result_json: JSON.stringify({ questions: g.result.questions }),
            created_at: now,
          })),
        )
        .execute();
    }
  });
  await queueQuizScoresOfRun(db, runId);
  return { ...plan, runId, createdAt: now };
}

export interface QuizRegradeRunSummary {
  id: string;
  quizId: string;
  userId: string | null;
  quizVersion: string;
  total: number;
  changed: number;
  by: string;
  createdAt: number;
}

/** The offering's quiz regrade runs, newest first (optionally of one quiz). */
export async function listQuizRegradeRuns(viewer: Viewer | null, opts: { quizId?: string; limit?: number } = {}): Promise<QuizRegradeRunSummary[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  let q = db
    .selectFrom('quiz_regrade_run as r')
    .leftJoin('user as u', 'u.id', 'r.created_by')
    .select(['r.id', 'r.quiz_id', 'r.user_id', 'r.quiz_version', 'r.total', 'r.changed', 'r.created_at', 'u.name'])
    .where('r.offering_id', '=', offeringId);
  if (opts.quizId) q = q.where('r.quiz_id', '=', opts.quizId);
  const rows = await q.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(opts.limit ?? 20).execute();
  return rows.map((r) => ({ id: r.id, quizId: r.quiz_id, userId: r.user_id, quizVersion: r.quiz_version, total: Number(r.total), changed: Number(r.changed), by: r.name ?? '', createdAt: Number(r.created_at) }));
}
