import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { newId, newJoinCode } from '../db/ids';
import { enroll, getOffering, listOfferings, membershipsOf, type OfferingRow } from '../db/offerings';
import type { Database, OfferingRole } from '../db/schema';
import { AccessError } from '../site/errors';
import { parseInput, requireOfferingInstructor, requireStaff, requireStaffOffering } from './access';
import { copyAssignments } from './assignments';

/**
 * Offerings as staff manage them: site instructors create them; an offering's instructors rename
 * it, set its term and time zone, rotate its join code, archive it (read-only, still exportable)
 * and choose its staff. Changes apply to the offering the request acts in (chosen in the header),
 * so a page can never change another offering than the one it shows.
 */

export interface OfferingDTO {
  id: string;
  title: string;
  term: string | null;
  timeZone: string;
  joinCode: string;
  archived: boolean;
  createdAt: number;
  /** The viewer's role there; site instructors act as instructors where they are not members. */
  role: OfferingRole;
}

function toDTO(o: OfferingRow, role: OfferingRole): OfferingDTO {
  return { id: o.id, title: o.title, term: o.term, timeZone: o.time_zone, joinCode: o.join_code, archived: o.archived_at !== null, createdAt: o.created_at, role };
}

/** The offerings the viewer staffs (site instructors: all of them), newest first. */
export async function staffOfferings(viewer: Viewer | null): Promise<OfferingDTO[]> {
  const who = requireStaff(viewer);
  const db = await getDb();
  const mine = await membershipsOf(db, who.id);
  if (who.role === 'instructor') {
    const roles = new Map(mine.map((m) => [m.offering.id, m.role]));
    return (await listOfferings(db)).map((o) => toDTO(o, roles.get(o.id) === 'ta' ? 'ta' : 'instructor'));
  }
  return mine.filter((m) => m.role !== 'student').map((m) => toDTO(m.offering, m.role));
}

/** The offering the request acts in, as its staff see it. */
export async function currentOfferingForStaff(viewer: Viewer | null): Promise<OfferingDTO> {
  const { who, offeringId } = requireStaffOffering(viewer, { read: true });
  const offering = await getOffering(await getDb(), offeringId);
  if (!offering) throw new AccessError(404, 'no such offering');
  return toDTO(offering, who.role === 'instructor' ? 'instructor' : (who.offering?.role ?? 'ta'));
}

/** An IANA time zone name as Intl knows it ("asia/shanghai" → "Asia/Shanghai"), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((v) => canonicalTimeZone(v) !== undefined, 'unknown time zone (use an IANA name such as Asia/Shanghai)')
  .transform((v) => canonicalTimeZone(v)!);
const Title = z.string().trim().min(1).max(200);
const Term = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === '' ? null : v));

export const NewOfferingInput = z.object({
  title: Title,
  term: Term.optional(),
  timeZone: TimeZone,
  /** Copy this offering's assignments and late rules (not its dates, members or work). */
  copyFrom: z.string().max(64).optional(),
});

function slugOf(title: string): string {
  const base = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'offering'}-${randomBytes(3).toString('hex')}`;
}

/** Creates an offering (site instructors only); its creator becomes its instructor. */
export async function createOffering(viewer: Viewer | null, input: unknown): Promise<OfferingDTO> {
  const who = requireStaff(viewer);
  if (who.role !== 'instructor') throw new AccessError(403, 'only site instructors create offerings');
  const data = parseInput(NewOfferingInput, input);
  const db = await getDb();
  const source = data.copyFrom ? await getOffering(db, data.copyFrom) : undefined;
  if (data.copyFrom && !source) throw new AccessError(404, 'no such offering to copy from');
  const id = newId();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('offering')
      .values({ id, slug: slugOf(data.title), title: data.title, term: data.term ?? null, time_zone: data.timeZone, join_code: newJoinCode(), archived_at: null, created_at: Date.now() })
      .execute();
    await enroll(trx, who.id, id, 'instructor');
    if (source) {
      await copyAssignments(trx, source.id, id);
      await copyLateRules(trx, source.id, id, who.id);
    }
  });
  return toDTO((await getOffering(db, id))!, 'instructor');
}

/**
 * Late policies and attempt limits carry over to a new term; dates do not (a new term has its own
 * calendar, set on the Deadlines page).
 */
async function copyLateRules(db: Kysely<Database>, fromId: string, toId: string, byUserId: string): Promise<void> {
  const rows = await db.selectFrom('item_window').select(['target_kind', 'target_id', 'late_policy', 'max_attempts', 'counts']).where('offering_id', '=', fromId).execute();
  const rules = rows.filter((r) => r.late_policy !== null || r.max_attempts !== null || r.counts !== null);
  if (rules.length === 0) return;
  await db
    .insertInto('item_window')
    .values(rules.map((r) => ({ offering_id: toId, target_kind: r.target_kind, target_id: r.target_id, opens_at: null, due_at: null, close_at: null, late_policy: r.late_policy, max_attempts: r.max_attempts, counts: r.counts, updated_by: byUserId, updated_at: Date.now() })))
    .execute();
}

export const OfferingSettingsInput = z.object({ title: Title, term: Term, timeZone: TimeZone });

/** Renames the current offering and sets its term and time zone. */
export async function updateOffering(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const data = parseInput(OfferingSettingsInput, input);
  await (await getDb()).updateTable('offering').set({ title: data.title, term: data.term, time_zone: data.timeZone }).where('id', '=', offeringId).execute();
}

/** Gives the current offering a new join code; the old one stops working at once. */
export async function rotateJoinCode(viewer: Viewer | null): Promise<{ joinCode: string }> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const joinCode = newJoinCode();
  await (await getDb()).updateTable('offering').set({ join_code: joinCode }).where('id', '=', offeringId).execute();
  return { joinCode };
}

/** Archives (read-only, still exportable) or reopens the current offering. */
export async function setArchived(viewer: Viewer | null, input: unknown): Promise<void> {
  // Reading rights suffice to reach an archived offering; reopening it is its one allowed write.
  const { offeringId } = requireOfferingInstructor(viewer, { read: true });
  const { archived } = parseInput(z.object({ archived: z.boolean() }), input);
  await (await getDb())
    .updateTable('offering')
    .set({ archived_at: archived ? Date.now() : null })
    .where('id', '=', offeringId)
    .where('archived_at', archived ? 'is' : 'is not', null)
    .execute();
}

export interface StaffMemberDTO {
  userId: string;
  name: string;
  email: string;
  role: 'ta' | 'instructor';
}

/** The current offering's active staff (TAs and instructors). */
export async function listOfferingStaff(viewer: Viewer | null): Promise<StaffMemberDTO[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const rows = await (await getDb())
    .selectFrom('offering_member as m')
    .innerJoin('user as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role'])
    .where('m.offering_id', '=', offeringId)
    .where('m.role', 'in', ['ta', 'instructor'])
    .where('m.deactivated_at', 'is', null)
    .orderBy('u.name')
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({ userId: r.id, name: r.name, email: r.email, role: r.role === 'instructor' ? 'instructor' : 'ta' }));
}

const StaffRole = z.enum(['ta', 'instructor']);

/**
 * Makes an existing account staff of the current offering. A student account becomes site 'staff'
 * so the staff pages' door (proxy.ts, which knows only the site role) lets them in; what they may
 * see there is still decided per offering.
 */
export async function addOfferingStaff(viewer: Viewer | null, input: unknown): Promise<StaffMemberDTO> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { email, role } = parseInput(z.object({ email: z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254)), role: StaffRole }), input);
  const db = await getDb();
  const user = await db.selectFrom('user').select(['id', 'name', 'email', 'role']).where('email', '=', email).executeTakeFirst();
  if (!user) throw new AccessError(404, 'no account with this email');
  await db.transaction().execute(async (trx) => {
    await enroll(trx, user.id, offeringId, role);
    if ((user.role ?? 'student') === 'student') await trx.updateTable('user').set({ role: 'staff' }).where('id', '=', user.id).execute();
  });
  return { userId: user.id, name: user.name, email: user.email, role };
}

const MemberInput = z.object({ userId: z.string().min(1).max(100) });

async function requireStaffMember(db: Kysely<Database>, offeringId: string, userId: string): Promise<OfferingRole> {
  const row = await db
    .selectFrom('offering_member')
    .select('role')
    .where('offering_id', '=', offeringId)
    .where('user_id', '=', userId)
    .where('deactivated_at', 'is', null)
    .where('role', 'in', ['ta', 'instructor'])
    .executeTakeFirst();
  if (!row) throw new AccessError(404, 'not staff of this offering');
  return row.role;
}

/** An offering keeps at least one instructor of its own, so someone can always manage it. */
async function refuseLastInstructor(db: Kysely<Database>, offeringId: string): Promise<void> {
  const n = await db
    .selectFrom('offering_member')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('offering_id', '=', offeringId)
    .where('role', '=', 'instructor')
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (Number(n?.n ?? 0) <= 1) throw new AccessError(400, 'an offering keeps at least one instructor');
}

export async function setOfferingStaffRole(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { userId, role } = parseInput(MemberInput.extend({ role: StaffRole }), input);
  const db = await getDb();
  const current = await requireStaffMember(db, offeringId, userId);
  if (current === role) return;
  if (current === 'instructor') await refuseLastInstructor(db, offeringId);
  await db.updateTable('offering_member').set({ role }).where('offering_id', '=', offeringId).where('user_id', '=', userId).execute();
}

/** Removes a staff member from the current offering; the row is kept, marked deactivated. */
export async function removeOfferingStaff(viewer: Viewer | null, input: unknown): Promise<void> {
  const { offeringId } = requireOfferingInstructor(viewer);
  const { userId } = parseInput(MemberInput, input);
  const db = await getDb();
  const current = await requireStaffMember(db, offeringId, userId);
  if (current === 'instructor') await refuseLastInstructor(db, offeringId);
  await db.updateTable('offering_member').set({ deactivated_at: Date.now() }).where('offering_id', '=', offeringId).where('user_id', '=', userId).execute();
}
