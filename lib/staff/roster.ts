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
import { parseInput, requireStaffOffering } from './access';
import { belongsTo } from './students';
import { parseCsv, toCsv } from './csv';
import { decodeCsvBytes } from './encoding';

/**
 * The class list. Staff upload a CSV with the columns email, name and student_id (any order, a
 * header row first). Each row either pre-registers the student (they sign up themselves with the
 * join code, and the roster shows when they have joined) or, with `createAccounts`, creates the
 * account at once with a temporary password shown once to the staff member, who can download them
 * as a CSV right then (they are never stored in clear). The student must replace it at first
 * sign-in (user.mustChangePassword, lib/auth/session.ts).
 */

const MAX_ROWS = 5_000;
const RosterRow = z.object({
  email: z.email().max(MAX_EMAIL_CHARS),
  name: z.string().trim().min(1).max(MAX_NAME_CHARS),
  student_id: z.string().trim().min(1).max(64),
});

const MAX_FILE_BYTES = 4_000_000;
/** The uploaded file as bytes (its encoding is detected), or text pasted into the form. */
export const ImportBytesInput = z.object({
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength > 0, 'the file is empty').refine((b) => b.byteLength <= MAX_FILE_BYTES, 'the file is too large'),
  createAccounts: z.boolean().default(false),
});
export const ImportTextInput = z.object({
  csv: z.string().min(1, 'the file is empty').max(2_000_000),
  createAccounts: z.boolean().default(false),
});

function readImport(input: unknown): { text: string; encoding: string; createAccounts: boolean } {
  if (typeof input === 'object' && input !== null && 'bytes' in input) {
    const data = parseInput(ImportBytesInput, input);
    return { ...decodeCsvBytes(data.bytes), createAccounts: data.createAccounts };
  }
  const data = parseInput(ImportTextInput, input);
  return { text: data.csv, encoding: 'text', createAccounts: data.createAccounts };
}

/** Why a row was not imported, when the page should say it in the reader's language. */
export type RowErrorCode = 'duplicateEmail' | 'duplicateNumber' | 'numberTaken';

export interface ImportResult {
  added: number;
  updated: number;
  /** Accounts made now, each with its one-time temporary password. */
  created: { email: string; name: string; studentNumber: string; password: string }[];
  /** The created accounts as a CSV for Excel (UTF-8 with a byte order mark), or null when none. */
  createdCsv: string | null;
  /** Rows that could not be used, with their line number (1 is the header). */
  errors: { line: number; message: string; code?: RowErrorCode; params?: Record<string, string> }[];
  /** The encoding the file was read in ('text' for pasted text). */
  encoding: string;
}

// Letters and digits only, without look-alikes (0/O, 1/l/I): a temporary password is read off a
// screen or a spreadsheet, and a leading '-' would be quoted as a formula in the CSV.
const TEMP_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters from 57: about 93 bits. */
export function temporaryPassword(): string {
  const bytes = randomBytes(32);
  let out = '';
  // Rejection sampling keeps every character equally likely (57 does not divide 256).
  for (const b of bytes) {
    if (b < 228 && out.length < 16) out += TEMP_ALPHABET[b % 57];
  }
  return out.length === 16 ? out : temporaryPassword();
}

export async function importRoster(viewer: Viewer | null, input: unknown): Promise<ImportResult> {
  const { offeringId } = requireStaffOffering(viewer);
  const data = readImport(input);
  const { text, encoding } = data;
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (err) {
    throw new AccessError(400, (err as Error).message);
  }
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const col = { email: header.indexOf('email'), name: header.indexOf('name'), student_id: header.indexOf('student_id') };
  const missing = Object.entries(col).filter(([, i]) => i < 0).map(([k]) => k);
  if (missing.length > 0) throw new AccessError(400, `the header row must name the columns email, name and student_id (missing: ${missing.join(', ')})`);
  if (table.length - 1 > MAX_ROWS) throw new AccessError(400, `at most ${MAX_ROWS} students per file`);

  const db = await getDb();
  const result: ImportResult = { added: 0, updated: 0, created: [], createdCsv: null, errors: [], encoding };
  const seen = new Set<string>();
  // Student ids are unique on the roster: in the file, and against rows already stored for others.
  const numberOwner = new Map((await db.selectFrom('roster_entry').select(['email', 'student_number']).where('offering_id', '=', offeringId).execute()).map((r) => [r.student_number, r.email]));
  const numbersInFile = new Map<string, number>();
  for (const [index, cells] of table.slice(1).entries()) {
    const line = index + 2;
    const parsed = RosterRow.safeParse({ email: cells[col.email]?.trim(), name: cells[col.name], student_id: cells[col.student_id] });
    if (!parsed.success) {
      result.errors.push({ line, message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      continue;
    }
    const email = parsed.data.email.toLowerCase();
    if (seen.has(email)) {
      result.errors.push({ line, message: `${email} appears twice in the file`, code: 'duplicateEmail', params: { email } });
      continue;
    }
    const number = parsed.data.student_id;
    const firstLine = numbersInFile.get(number);
    if (firstLine !== undefined) {
      result.errors.push({ line, message: `student id ${number} is already used on line ${firstLine}`, code: 'duplicateNumber', params: { number, first: String(firstLine) } });
      continue;
    }
    const owner = numberOwner.get(number);
    if (owner !== undefined && owner !== email) {
      result.errors.push({ line, message: `student id ${number} already belongs to ${owner} on the roster`, code: 'numberTaken', params: { number, email: owner } });
      continue;
    }
    seen.add(email);
    numbersInFile.set(number, line);
    const existing = await db.selectFrom('roster_entry').select(['email', 'student_number']).where('offering_id', '=', offeringId).where('email', '=', email).executeTakeFirst();
    if (existing) {
      await db.updateTable('roster_entry').set({ name: parsed.data.name, student_number: number }).where('offering_id', '=', offeringId).where('email', '=', email).execute();
      if (numberOwner.get(existing.student_number) === email) numberOwner.delete(existing.student_number);
      result.updated++;
    } else {
      await db.insertInto('roster_entry').values({ offering_id: offeringId, email, name: parsed.data.name, student_number: parsed.data.student_id, created_at: Date.now() }).execute();
      result.added++;
    }
    numberOwner.set(number, email);
    if (data.createAccounts && !(await db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirst())) {
      const password = temporaryPassword();
      await createAccount(await getAuth(), db, { email, password, name: parsed.data.name, role: 'student', offeringId, mustChangePassword: true });
      result.created.push({ email, name: parsed.data.name, studentNumber: parsed.data.student_id, password });
    }
  }
  if (result.created.length > 0) result.createdCsv = temporaryPasswordsCsv(result.created);
  return result;
}

/**
 * The temporary passwords of an import, for the staff member to hand out. Excel reads a CSV as the
 * system's ANSI code page (GBK on Chinese Windows) unless it starts with a UTF-8 byte order mark,
 * so it does: Chinese names then open as written.
 */
export function temporaryPasswordsCsv(created: ImportResult['created']): string {
  return '\uFEFF' + toCsv(['email', 'name', 'student_id', 'temporary_password'], created.map((c) => [c.email, c.name, c.studentNumber, c.password]));
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
  const [entries, users, blocks, members] = await Promise.all([
    db.selectFrom('roster_entry').selectAll().where('offering_id', '=', offeringId).execute(),
    db.selectFrom('user').select(['id', 'email', 'name', 'role', 'createdAt']).execute(),
    db.selectFrom('account_block').select('user_id').execute(),
    db.selectFrom('offering_member').select('user_id').where('offering_id', '=', offeringId).where('role', '=', 'student').where('deactivated_at', 'is', null).execute(),
  ]);
  // Accounts not on the roster are listed only when they are students of this offering.
  const studentsHere = new Set(members.map((m) => m.user_id));
  const blocked = new Set(blocks.map((b) => b.user_id));
  const userOf = new Map(users.map((u) => [u.email.toLowerCase(), u]));
  const out: RosterEntry[] = entries.map((e) => {
    const u = userOf.get(e.email);
    return { email: e.email, name: e.name, studentNumber: e.student_number, userId: u?.id ?? null, joinedAt: u ? new Date(u.createdAt).toISOString() : null, preRegistered: true, deactivated: u ? blocked.has(u.id) : false };
  });
  const listed = new Set(entries.map((e) => e.email));
  for (const u of users) {
    if (!studentsHere.has(u.id) || listed.has(u.email.toLowerCase())) continue;
    out.push({ email: u.email, name: u.name, studentNumber: '', userId: u.id, joinedAt: new Date(u.createdAt).toISOString(), preRegistered: false, deactivated: blocked.has(u.id) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

const UserIdInput = z.object({ userId: z.string().min(1).max(100) });

async function requireStudent(db: Kysely<Database>, userId: string, offeringId: string) {
  const user = await db.selectFrom('user').select(['id', 'email', 'role']).where('id', '=', userId).executeTakeFirst();
  // Staff of one offering manage its students only, never someone of another offering.
  if (!user || !(await belongsTo(db, userId, offeringId))) throw new AccessError(404, 'no such account');
  // Staff manage students; instructor and staff accounts are the instructors' business.
  if ((user.role ?? 'student') !== 'student') throw new AccessError(403, 'only student accounts can be managed here');
  return user;
}

/** Sets a new temporary password (shown once to the caller) and signs the student out everywhere. */
export async function resetStudentPassword(viewer: Viewer | null, input: unknown): Promise<{ email: string; password: string }> {
  const { offeringId } = requireStaffOffering(viewer);
  const { userId } = parseInput(UserIdInput, input);
  const db = await getDb();
  const user = await requireStudent(db, userId, offeringId);
  const ctx = await (await getAuth()).$context;
  const password = temporaryPassword();
  const hash = await ctx.password.hash(password);
  const credential = await db.selectFrom('account').select('id').where('userId', '=', user.id).where('providerId', '=', 'credential').executeTakeFirst();
  if (credential) await ctx.internalAdapter.updatePassword(user.id, hash);
  else await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
  // A password chosen by staff is temporary: the student chooses their own at next sign-in
  // (1, not true: the column is an integer on SQLite; PostgreSQL reads '1' as true).
  await db.updateTable('user').set({ mustChangePassword: 1 }).where('id', '=', user.id).execute();
  await db.deleteFrom('session').where('userId', '=', user.id).execute();
  return { email: user.email, password };
}

/** Ends every session of the student and refuses their sign-in until reactivated. */
export async function deactivateStudent(viewer: Viewer | null, input: unknown): Promise<void> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const { userId } = parseInput(UserIdInput, input);
  const db = await getDb();
  const user = await requireStudent(db, userId, offeringId);
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
  const { offeringId } = requireStaffOffering(viewer);
  const { userId } = parseInput(UserIdInput, input);
  const db = await getDb();
  await requireStudent(db, userId, offeringId);
  await db.deleteFrom('account_block').where('user_id', '=', userId).execute();
}

/**
 * A pending row: on the roster, no account yet. Until the student joins, staff may correct what
 * was imported (a mistyped email is the usual reason) or take the row off the roster; once they
 * have joined, the account is theirs, and staff deactivate it instead.
 */
async function requirePending(db: Kysely<Database>, offeringId: string, email: string) {
  const entry = await db.selectFrom('roster_entry').selectAll().where('offering_id', '=', offeringId).where('email', '=', email).executeTakeFirst();
  if (!entry) throw new AccessError(404, 'no such roster entry');
  if (await db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirst()) {
    throw new AccessError(400, 'this student has already joined: deactivate the account instead');
  }
  return entry;
}

const EntryKey = z.object({ email: z.string().trim().toLowerCase().max(MAX_EMAIL_CHARS) });
const EntryEdit = EntryKey.extend({
  newEmail: z.email().max(MAX_EMAIL_CHARS),
  name: RosterRow.shape.name,
  studentNumber: RosterRow.shape.student_id,
});

export async function updatePendingEntry(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireStaffOffering(viewer);
  const data = parseInput(EntryEdit, input);
  const newEmail = data.newEmail.toLowerCase();
  const db = await getDb();
  await requirePending(db, offeringId, data.email);
  const numberOwner = await db.selectFrom('roster_entry').select('email').where('offering_id', '=', offeringId).where('student_number', '=', data.studentNumber).where('email', '!=', data.email).executeTakeFirst();
  if (numberOwner) throw new AccessError(400, `student id ${data.studentNumber} already belongs to ${numberOwner.email} on the roster`);
  if (newEmail !== data.email) {
    if (await db.selectFrom('roster_entry').select('email').where('offering_id', '=', offeringId).where('email', '=', newEmail).executeTakeFirst()) throw new AccessError(400, `${newEmail} is already on the roster`);
    if (await db.selectFrom('user').select('id').where('email', '=', newEmail).executeTakeFirst()) throw new AccessError(400, `an account with ${newEmail} already exists`);
  }
  await db.updateTable('roster_entry').set({ email: newEmail, name: data.name, student_number: data.studentNumber }).where('offering_id', '=', offeringId).where('email', '=', data.email).execute();
}

export async function removePendingEntry(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireStaffOffering(viewer);
  const { email } = parseInput(EntryKey, input);
  const db = await getDb();
  await requirePending(db, offeringId, email);
  await db.deleteFrom('roster_entry').where('offering_id', '=', offeringId).where('email', '=', email).execute();
}
