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
