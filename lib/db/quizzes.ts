import type { Kysely, Selectable } from 'kysely';
import type { Database, QuizAttemptTable } from './schema';

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
export async function listQuizAttempts(db: Kysely<Database>, userId: string, quizId: string, limit = 50): Promise<QuizAttemptRow[]> {
  const rows = await db
    .selectFrom('quiz_attempt')
    .selectAll()
    .where('user_id', '=', userId)
    .where('quiz_id', '=', quizId)
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
  /** The best attempt's score in [0, 1]. */
  bestScore: number;
  attempts: number;
  /** Epoch milliseconds of the newest attempt. */
  lastAt: number;
}

/**
 * Best score, number of attempts and time of the last attempt per (student, quiz), computed from
 * the attempts themselves. `userIds` limits it to those students (a gradebook page, one student's
 * home); without it, every student. An empty list gives no rows.
 */
export async function quizProgress(db: Kysely<Database>, userIds?: readonly string[]): Promise<QuizProgressRow[]> {
  if (!userIds) return progressQuery(db);
  // Bound the number of bound parameters per statement (SQLite and PostgreSQL both cap them).
  const rows: QuizProgressRow[] = [];
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += PROGRESS_CHUNK) rows.push(...(await progressQuery(db, unique.slice(i, i + PROGRESS_CHUNK))));
  return rows.sort((a, b) => a.userId.localeCompare(b.userId) || a.quizId.localeCompare(b.quizId));
}

const PROGRESS_CHUNK = 500;

async function progressQuery(db: Kysely<Database>, userIds?: string[]): Promise<QuizProgressRow[]> {
  let query = db
    .selectFrom('quiz_attempt')
    .select((eb) => [
      'user_id',
      'quiz_id',
      eb.fn.max('score').as('best_score'),
      eb.fn.countAll<number>().as('attempts'),
      eb.fn.max('created_at').as('last_at'),
    ])
    .groupBy(['user_id', 'quiz_id']);
  if (userIds) query = query.where('user_id', 'in', userIds);
  const rows = await query.orderBy('user_id').orderBy('quiz_id').execute();
  return rows.map((r) => ({
    userId: r.user_id,
    quizId: r.quiz_id,
    bestScore: Number(r.best_score),
    attempts: Number(r.attempts),
    lastAt: Number(r.last_at),
  }));
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
