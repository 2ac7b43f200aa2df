import type { Kysely } from 'kysely';
import type { Database } from './schema';

export async function getDraft(db: Kysely<Database>, userId: string, exerciseId: string): Promise<{ code: string; updatedAt: number } | undefined> {
  const row = await db
    .selectFrom('draft')
    .select(['code', 'updated_at'])
    .where('user_id', '=', userId)
    .where('exercise_id', '=', exerciseId)
    .executeTakeFirst();
  return row && { code: row.code, updatedAt: Number(row.updated_at) };
}

/** Last write wins; returns the stored time. */
export async function saveDraft(db: Kysely<Database>, userId: string, exerciseId: string, code: string): Promise<number> {
  const updatedAt = Date.now();
  await db
    .insertInto('draft')
    .values({ user_id: userId, exercise_id: exerciseId, code, updated_at: updatedAt })
    .onConflict((oc) => oc.columns(['user_id', 'exercise_id']).doUpdateSet({ code, updated_at: updatedAt }))
    .execute();
  return updatedAt;
}
