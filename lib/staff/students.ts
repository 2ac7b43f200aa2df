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
 * Every student account (role student), with its roster number when the roster lists the email,
 * and every roster row without an account: a student who never joined still has a row in the
 * gradebook and its export (zero, "not joined"), as an instructor expects of a class list.
 */
export async function listStudents(db: Kysely<Database>): Promise<StudentInfo[]> {
  const [users, roster, blocks] = await Promise.all([
    db.selectFrom('user').select(['id', 'name', 'email', 'role']).execute(),
    db.selectFrom('roster_entry').select(['email', 'name', 'student_number']).execute(),
    db.selectFrom('account_block').select('user_id').execute(),
  ]);
  const numbers = new Map(roster.map((r) => [r.email, r.student_number]));
  const blocked = new Set(blocks.map((b) => b.user_id));
  const accounts = new Set(users.map((u) => u.email.toLowerCase()));
  const students: StudentInfo[] = users
    .filter((u) => (u.role ?? 'student') === 'student')
    .map((u) => ({ id: u.id, name: u.name, email: u.email, studentNumber: numbers.get(u.email.toLowerCase()) ?? '', deactivated: blocked.has(u.id), joined: true }));
  for (const r of roster) {
    if (accounts.has(r.email)) continue;
    students.push({ id: `${PENDING_PREFIX}${r.email}`, name: r.name, email: r.email, studentNumber: r.student_number, deactivated: false, joined: false });
  }
  return students.sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
