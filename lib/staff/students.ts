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

/** Every student account (role student), with its roster number when the roster lists the email. */
export async function listStudents(db: Kysely<Database>): Promise<StudentInfo[]> {
  const [users, roster, blocks] = await Promise.all([
    db.selectFrom('user').select(['id', 'name', 'email', 'role']).execute(),
    db.selectFrom('roster_entry').select(['email', 'student_number']).execute(),
    db.selectFrom('account_block').select('user_id').execute(),
  ]);
  const numbers = new Map(roster.map((r) => [r.email, r.student_number]));
  const blocked = new Set(blocks.map((b) => b.user_id));
  return users
    .filter((u) => (u.role ?? 'student') === 'student')
    .map((u) => ({ id: u.id, name: u.name, email: u.email, studentNumber: numbers.get(u.email) ?? '', deactivated: blocked.has(u.id) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}
