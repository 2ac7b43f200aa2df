import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { getAuth } from '../auth/auth';
import type { Viewer } from '../auth/roles';
import { createAccount } from '../auth/users';
import { MAX_EMAIL_CHARS, MAX_NAME_CHARS } from '../auth/user-fields';
import { getDb } from '../db';
import type { Database } from '../db/schema';
import { AccessError } from '../site/errors';
import { parseInput, requireStaff, requireStaffOffering } from './access';
import { parseCsv } from './csv';

/**
 * The class list. Staff upload a CSV with the columns email, name and student_id (any order, a
 * header row first). Each row either pre-registers the student (they sign up themselves with the
 * join code, and the roster shows when they have joined) or, with `createAccounts`, creates the
 * account at once with a temporary password shown once to the staff member.
 */

const MAX_ROWS = 5_000;
const RosterRow = z.object({
  email: z.email().max(MAX_EMAIL_CHARS),
  name: z.string().trim().min(1).max(MAX_NAME_CHARS),
  student_id: z.string().trim().min(1).max(64),
});

export const ImportInput = z.object({
  csv: z.string().min(1, 'the file is empty').max(2_000_000),
  createAccounts: z.boolean().default(false),
});

export interface ImportResult {
  added: number;
  updated: number;
  /** Accounts made now, each with its one-time temporary password. */
  created: { email: string; password: string }[];
  /** Rows that could not be used, with their line number (1 is the header). */
  errors: { line: number; message: string }[];
}

export function temporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function importRoster(viewer: Viewer | null, input: unknown): Promise<ImportResult> {
  const { offeringId } = requireStaffOffering(viewer);
  const data = parseInput(ImportInput, input);
  let table: string[][];
  try {
    table = parseCsv(data.csv);
  } catch (err) {
    throw new AccessError(400, (err as Error).message);
  }
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = { email: header.indexOf('email'), name: header.indexOf('name'), student_id: header.indexOf('student_id') };
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length > 0) throw new AccessError(400, `the header row must name the columns email, name and student_id (missing: ${missing.join(', ')})`);
  if (table.length - 1 > MAX_ROWS) throw new AccessError(400, `at most ${MAX_ROWS} students per file`);

  const db = await getDb();
  const result: ImportResult = { added: 0, updated: 0, created: [], errors: [] };
  const seen = new Set<string>();
  for (const [index, cells] of table.slice(1).entries()) {
    const line = index + 2;
    const parsed = RosterRow.safeParse({ email: cells[col.email]?.trim(), name: cells[col.name], student_id: cells[col.student_id] });
    if (!parsed.success) {
      result.errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      continue;
    }
    const email = parsed.data.email.toLowerCase();
    if (seen.has(email)) {
      result.errors.push({ line, message: `${email} appears twice in the file` });
      continue;
    }
    seen.add(email);
    const existing = await db.selectFrom('roster_entry').select('email').where('offering_id', '=', offeringId).where('email', '=', email).executeTakeFirst();
    if (existing) {
      await db.updateTable('roster_entry').set({ name: parsed.data.name, student_number: parsed.data.student_id }).where('offering_id', '=', offeringId).where('email', '=', email).execute();
      result.updated++;
    } else {
      await db.insertInto('roster_entry').values({ offering_id: offeringId, email, name: parsed.data.name, student_number: parsed.data.student_id, created_at: Date.now() }).execute();
      result.added++;
    }
    if (data.createAccounts && !(await db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirst())) {
      const password = temporaryPassword();
      await createAccount(await getAuth(), db, { email, password, name: parsed.data.name, role: 'student', offeringId });
      result.created.push({ email, password });
    }
  }
  return result;
}

export interface RosterEntry {
  email: string;
  name: string;
  studentNumber: string;
  /** The account, once the student has joined (or it was created for them). */
  userId: string | null;
  joinedAt: string | null;
  preRegistered: boolean;
  deactivated: boolean;
}

/** Pre-registered students and every student account, joined by email. */
export async function listRoster(viewer: Viewer | null): Promise<RosterEntry[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const [entries, users, blocks] = await Promise.all([
    db.selectFrom('roster_entry').selectAll().where('offering_id', '=', offeringId).execute(),
    db.selectFrom('user').select(['id', 'email', 'name', 'role', 'createdAt']).execute(),
    db.selectFrom('account_block').select('user_id').execute(),
  ]);
  const blocked = new Set(blocks.map((b) => b.user_id));
  const userOf = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const out: RosterEntry[] = entries.map((e) => {
    const u = userOf.get(e.email);
    return { email: e.email, name: e.name, studentNumber: e.student_number, userId: u?.id ?? null, joinedAt: u ? new Date(u.createdAt).toISOString() : null, preRegistered: true, deactivated: u ? blocked.has(u.id) : false };
  });
  const listed = new Set(entries.map((e) => e.email));
  for (const u of users) {
    if ((u.role ?? 'student') !== 'student' || listed.has(u.email.toLowerCase())) continue;
    out.push({ email: u.email, name: u.name, studentNumber: '', userId: u.id, joinedAt: new Date(u.createdAt).toISOString(), preRegistered: false, deactivated: blocked.has(u.id) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

const UserIdInput = z.object({ userId: z.string().min(1).max(100) });

async function requireStudent(db: Kysely<Database>, userId: string) {
  const user = await db.selectFrom('user').select(['id', 'email', 'role']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AccessError(404, 'no such account');
  // Staff manage students; instructor and staff accounts are the instructors' business.
  if ((user.role ?? 'student') !== 'student') throw new AccessError(403, 'only student accounts can be managed here');
  return user;
}

/** Sets a new temporary password (shown once to the caller) and signs the student out everywhere. */
export async function resetStudentPassword(viewer: Viewer | null, input: unknown): Promise<{ email: string; password: string }> {
  requireStaff(viewer);
  const { userId } = parseInput(UserIdInput, input);
  const db = await getDb();
  const user = await requireStudent(db, userId);
  const ctx = await (await getAuth()).$context;
  const password = temporaryPassword();
  const hash = await ctx.password.hash(password);
  const credential = await db.selectFrom('account').select('id').where('userId', '=', user.id).where('providerId', '=', 'credential').executeTakeFirst();
  if (credential) await ctx.internalAdapter.updatePassword(user.id, hash);
  else await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
  await db.deleteFrom('session').where('userId', '=', user.id).execute();
  return { email: user.email, password };
}

/** Ends every session of the student and refuses their sign-in until reactivated. */
export async function deactivateStudent(viewer: Viewer | null, input: unknown): Promise<void> {
  const who = requireStaff(viewer);
  const { userId } = parseInput(UserIdInput, input);
  const db = await getDb();
  const user = await requireStudent(db, userId);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('account_block')
      .values({ user_id: user.id, by_user_id: who.id, created_at: Date.now() })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    await trx.deleteFrom('session').where('userId', '=', user.id).execute();
  });
}

export async function reactivateStudent(viewer: Viewer | null, input: unknown): Promise<void> {
  requireStaff(viewer);
  const { userId } = parseInput(UserIdInput, input);
  const db = await getDb();
  await requireStudent(db, userId);
  await db.deleteFrom('account_block').where('user_id', '=', userId).execute();
}
