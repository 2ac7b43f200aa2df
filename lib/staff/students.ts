import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** A student as course staff see them: account, roster number, and whether they may sign in. */
export interface StudentInfo {
  id: string;
  name: string;
  email: string;
  studentNumber: string;
  deactivated: boolean;
}

/**
 * The students of one offering: its active members with the role student (staff and removed
 * members are not graded), with their roster number when the offering's roster lists the email.
 */
export async function listStudents(db: Kysely<Database>, offeringId: string): Promise<StudentInfo[]> {
  const [users, roster, blocks] = await Promise.all([
    db
      .selectFrom('offering_member as m')
      .innerJoin('user as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name', 'u.email'])
      .where('m.offering_id', '=', offeringId)
      .where('m.role', '=', 'student')
      .where('m.deactivated_at', 'is', null)
      .execute(),
    db.selectFrom('roster_entry').select(['email', 'student_number']).where('offering_id', '=', offeringId).execute(),
    db.selectFrom('account_block').select('user_id').execute(),
  ]);
  const numbers = new Map(roster.map((r) => [r.email, r.student_number]));
  const blocked = new Set(blocks.map((b) => b.user_id));
  return users
    .map((u) => ({ id: u.id, name: u.name, email: u.email, studentNumber: numbers.get(u.email) ?? numbers.get(u.email.toLowerCase()) ?? '', deactivated: blocked.has(u.id) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

/**
 * Whether `userId` is or was a member of the offering: staff may review the work of students
 * removed since, never of someone who never belonged to it.
 */
export async function belongsTo(db: Kysely<Database>, userId: string, offeringId: string): Promise<boolean> {
  const row = await db.selectFrom('offering_member').select('user_id').where('user_id', '=', userId).where('offering_id', '=', offeringId).executeTakeFirst();
  return row !== undefined;
}
