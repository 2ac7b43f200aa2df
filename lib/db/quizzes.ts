import type { Kysely, Selectable } from 'kysely';
import type { Database, QuizAttemptTable } from './schema';
import { countedScore, pickCounted } from './scores';

/**
 * Quiz attempt rows. Reads for a person take the owner's id, so a query cannot forget to scope;
 * deciding who may ask is lib/site's job.
 */

export type QuizAttemptRow = Selectable<QuizAttemptTable>;

export interface NewQuizAttempt {
  id: string;
  user_id: string;
  offering_id?: string | null;
  quiz_id: string;
  quiz_version: string;
  answers_json: string;
  score: number;
  points: number;
  max_points: number;
  result_json: string;
  locale: string;
  created_at: number;
}

export async function insertQuizAttempt(db: Kysely<Database>, row: NewQuizAttempt): Promise<QuizAttemptRow> {
  const stored = { ...row, offering_id: row.offering_id ?? null };
  await db.insertInto('quiz_attempt').values(stored).execute();
  return stored;
}

/** One student's attempts at one quiz, newest first. */
/** `offeringId` limits a read to one offering (null: attempts made outside any); undefined reads all. */
export async function listQuizAttempts(db: Kysely<Database>, userId: string, quizId: string, limit = 50, offeringId?: string | null): Promise<QuizAttemptRow[]> {
  let query = db.selectFrom('quiz_attempt').selectAll().where('user_id', '=', userId).where('quiz_id', '=', quizId);
  if (offeringId !== undefined) query = offeringId === null ? query.where('offering_id', 'is', null) : query.where('offering_id', '=', offeringId);
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(normalize);
}

/** How many attempts a student made at a quiz since `since` (epoch ms). */
export async function countQuizAttemptsSince(db: Kysely<Database>, userId: string, quizId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('quiz_attempt')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('quiz_id', '=', quizId)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findOwnQuizAttempt(db: Kysely<Database>, id: string, userId: string): Promise<QuizAttemptRow | undefined> {
  const row = await db.selectFrom('quiz_attempt').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return row && normalize(row);
}

export async function findQuizAttempt(db: Kysely<Database>, id: string): Promise<QuizAttemptRow | undefined> {
  const row = await db.selectFrom('quiz_attempt').selectAll().where('id', '=', id).executeTakeFirst();
  return row && normalize(row);
}

export interface QuizProgressRow {
  userId: string;
  quizId: string;
  /** The best attempt's counted score in [0, 1] (late attempts times their factor, lib/db/scores.ts). */
  bestScore: number;
  /** The newest attempt's counted score, for items where the last attempt counts. */
  lastScore: number;
  attempts: number;
  /** Attempts recorded after their due date. */
  lateAttempts: number;
  /** Epoch milliseconds of the newest attempt. */
  lastAt: number;
}

/**
 * Best and last counted score, number of attempts (late ones too) and time of the last attempt
 * per (student, quiz), computed from the attempts themselves. `userIds` limits it to those
 * students (a gradebook page, one student's home); without it, every student. An empty list gives
 * no rows.
 */
export async function quizProgress(db: Kysely<Database>, userIds?: readonly string[], offeringId?: string | null): Promise<QuizProgressRow[]> {
  if (!userIds) return progressQuery(db, undefined, offeringId);
  // Bound the number of bound parameters per statement (SQLite and PostgreSQL both cap them).
  const rows: QuizProgressRow[] = [];
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += PROGRESS_CHUNK) rows.push(...(await progressQuery(db, unique.slice(i, i + PROGRESS_CHUNK), offeringId)));
  return rows.sort((a, b) => a.userId.localeCompare(b.userId) || a.quizId.localeCompare(b.quizId));
}

const PROGRESS_CHUNK = 500;

async function progressQuery(db: Kysely<Database>, userIds?: string[], offeringId?: string | null): Promise<QuizProgressRow[]> {
  let query = db
    .selectFrom('quiz_attempt')
    .leftJoin('late_quiz_attempt', 'late_quiz_attempt.attempt_id', 'quiz_attempt.id')
    .select(['quiz_attempt.user_id', 'quiz_attempt.quiz_id', 'quiz_attempt.score', 'quiz_attempt.created_at', 'late_quiz_attempt.factor']);
  if (userIds) query = query.where('quiz_attempt.user_id', 'in', userIds);
  if (offeringId !== undefined) query = offeringId === null ? query.where('quiz_attempt.offering_id', 'is', null) : query.where('quiz_attempt.offering_id', '=', offeringId);
  const rows = await query.orderBy('quiz_attempt.user_id').orderBy('quiz_attempt.quiz_id').orderBy('quiz_attempt.created_at').orderBy('quiz_attempt.id').execute();
  const groups = new Map<string, { userId: string; quizId: string; attempts: { createdAt: number; score: number | null }[]; late: number }>();
  for (const r of rows) {
    const key = `${r.user_id}\u0000${r.quiz_id}`;
    const g = groups.get(key) ?? { userId: r.user_id, quizId: r.quiz_id, attempts: [], late: 0 };
    const factor = r.factor === null ? 1 : Number(r.factor);
    if (r.factor !== null) g.late++;
    g.attempts.push({ createdAt: Number(r.created_at), score: countedScore(Number(r.score), factor) });
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    userId: g.userId,
    quizId: g.quizId,
    bestScore: pickCounted(g.attempts, 'best') ?? 0,
    lastScore: pickCounted(g.attempts, 'last') ?? 0,
    attempts: g.attempts.length,
    lateAttempts: g.late,
    lastAt: Math.max(...g.attempts.map((a) => a.createdAt)),
  }));
}

/** The late marks of these attempts: attempt id → the factor it counts with. */
export async function lateMarksOf(db: Kysely<Database>, attemptIds: readonly string[]): Promise<Map<string, number>> {
  if (attemptIds.length === 0) return new Map();
  const rows = await db.selectFrom('late_quiz_attempt').select(['attempt_id', 'factor']).where('attempt_id', 'in', [...attemptIds]).execute();
  return new Map(rows.map((r) => [r.attempt_id, Number(r.factor)]));
}

// PostgreSQL hands bigint back as a string and real as a number; SQLite gives numbers.
function normalize(row: QuizAttemptRow): QuizAttemptRow {
  return {
    ...row,
    score: Number(row.score),
    points: Number(row.points),
    max_points: Number(row.max_points),
    created_at: Number(row.created_at),
  };
}
