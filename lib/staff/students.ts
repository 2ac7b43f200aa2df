import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** A student as course staff see them: account, roster number, and whether they may sign in. */
export interface StudentInfo {
  /** The account's id; for a roster row nobody has joined with yet, `pending:<email>` (no account). */
  id: string;
  name: string;
  email: string;
  studentNumber: string;
  deactivated: boolean;
  /** False for a student on the roster who has not joined: listed, with nothing submitted. */
  joined: boolean;
}

export const PENDING_PREFIX = 'pending:';

/**
 * The students of one offering: its active members with the role student (staff and removed
 * members are not graded), with their roster number when the offering's roster lists the email;
 * and every roster row of the offering without a member behind it: a student who never joined
 * still has a row in the gradebook and its export (zero, "not joined"), as an instructor expects
 * of a class list.
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
    db.selectFrom('roster_entry').select(['email', 'name', 'student_number']).where('offering_id', '=', offeringId).execute(),
    db.selectFrom('account_block').select('user_id').execute(),
  ]);
  const numbers = new Map(roster.map((r) => [r.email, r.student_number]));
  const blocked = new Set(blocks.map((b) => b.user_id));
  const members = new Set(users.map((u) => u.email.toLowerCase()));
  const students: StudentInfo[] = users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    studentNumber: numbers.get(u.email) ?? numbers.get(u.email.toLowerCase()) ?? '',
    deactivated: blocked.has(u.id),
    joined: true,
  }));
  for (const r of roster) {
    if (members.has(r.email.toLowerCase())) continue;
    students.push({ id: `${PENDING_PREFIX}${r.email}`, name: r.name, email: r.email, studentNumber: r.student_number, deactivated: false, joined: false });
  }
  return students.sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

/**
 * Whether `userId` is or was a member of the offering: staff may review the work of students
 * removed since, never of someone who never belonged to it.
 */
export async function belongsTo(db: Kysely<Database>, userId: string, offeringId: string): Promise<boolean> {
  const row = await db.selectFrom('offering_member').select('user_id').where('user_id', '=', userId).where('offering_id', '=', offeringId).executeTakeFirst();
  return row !== undefined;
}
