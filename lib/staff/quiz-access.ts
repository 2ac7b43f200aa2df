import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { getQuizCatalog, type Quiz } from '../quiz';
import { AccessError } from '../site/errors';

/** What every staff quiz tool looks up first: the quiz, and the student in the offering. */

export function requireStaffQuiz(id: string): Quiz {
  // Staff see drafts and held-back quizzes too: attempts may predate the hold.
  const quiz = getQuizCatalog().allById.get(id);
  if (!quiz) throw new AccessError(404, 'no such quiz');
  return quiz;
}

/** The student, if they ever belonged to this offering (a member, or someone with attempts in it). */
export async function studentOfOffering(db: Kysely<Database>, offeringId: string, userId: string): Promise<{ id: string; name: string; email: string } | undefined> {
  const user = await db.selectFrom('user').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirst();
  if (!user) return undefined;
  const member = await db.selectFrom('offering_member').select('user_id').where('user_id', '=', userId).where('offering_id', '=', offeringId).executeTakeFirst();
  if (member) return user;
  const attempt = await db.selectFrom('quiz_attempt').select('id').where('user_id', '=', userId).where('offering_id', '=', offeringId).limit(1).executeTakeFirst();
  return attempt ? user : undefined;
}
