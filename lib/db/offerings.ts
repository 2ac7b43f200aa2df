import type { Kysely } from 'kysely';
import { newId, newJoinCode } from './ids';
import type { Database, OfferingRole } from './schema';

/**
 * Offerings and their members. An offering is one instance of the course (a term and class) with
 * its own join code, staff, roster, dates and gradebook; the catalogue of exercises is shared.
 * Reading them is shared by the student path and staff; creating, archiving and rotating codes is
 * staff work in lib/staff/offerings.ts.
 */

export interface OfferingRow {
  id: string;
  slug: string;
  title: string;
  term: string | null;
  join_code: string;
  time_zone: string;
  archived_at: number | null;
  created_at: number;
}

export interface Membership {
  offering: OfferingRow;
  role: OfferingRole;
}

/** The offering a fresh site starts with; databases made before offerings migrate into it. */
export const DEFAULT_OFFERING = { slug: 'nndl-ch4', title: 'NNDL chapter 4' } as const;

const COLUMNS = ['id', 'slug', 'title', 'term', 'join_code', 'time_zone', 'archived_at', 'created_at'] as const;

function toRow(r: { id: string; slug: string; title: string; term: string | null; join_code: string; time_zone: string; archived_at: number | null; created_at: number }): OfferingRow {
  // bigint columns come back as strings from PostgreSQL.
  return { ...r, archived_at: r.archived_at === null ? null : Number(r.archived_at), created_at: Number(r.created_at) };
}

/** Join codes are typed by people: compare without case, spaces or dashes. */
export function normalizeJoinCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export async function getOffering(db: Kysely<Database>, id: string): Promise<OfferingRow | undefined> {
  const row = await db.selectFrom('offering').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toRow(row);
}

export async function listOfferings(db: Kysely<Database>): Promise<OfferingRow[]> {
  const rows = await db.selectFrom('offering').select(COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toRow);
}

export async function getDefaultOffering(db: Kysely<Database>): Promise<OfferingRow | undefined> {
  const row = await db.selectFrom('offering').select(COLUMNS).where('slug', '=', DEFAULT_OFFERING.slug).executeTakeFirst();
  return row && toRow(row);
}

/** Creates the first offering on first start. `created` tells the caller to announce its join code. */
export async function ensureDefaultOffering(db: Kysely<Database>, joinCode?: string): Promise<{ offering: OfferingRow; created: boolean }> {
  const existing = await getDefaultOffering(db);
  if (existing) return { offering: existing, created: false };
  const id = newId();
  await db
    .insertInto('offering')
    .values({ id, ...DEFAULT_OFFERING, term: null, archived_at: null, join_code: joinCode?.trim() || newJoinCode(), created_at: Date.now() })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const stored = await getDefaultOffering(db);
  if (!stored) throw new Error('could not create the first offering');
  return { offering: stored, created: stored.id === id };
}

/** The open (not archived) offering a join code belongs to. */
export async function findOfferingByJoinCode(db: Kysely<Database>, code: string): Promise<OfferingRow | undefined> {
  const wanted = normalizeJoinCode(code);
  if (!wanted) return undefined;
  const offerings = await db.selectFrom('offering').select(COLUMNS).where('archived_at', 'is', null).execute();
  const found = offerings.find((c) => normalizeJoinCode(c.join_code) === wanted);
  return found && toRow(found);
}

/**
 * Adds a member, or gives a removed member back their place. An existing member keeps their role
 * unless one is given: joining with a code never demotes staff to student.
 */
export async function enroll(db: Kysely<Database>, userId: string, offeringId: string, role?: OfferingRole): Promise<void> {
  await db
    .insertInto('offering_member')
    .values({ user_id: userId, offering_id: offeringId, created_at: Date.now(), role: role ?? 'student', deactivated_at: null })
    .onConflict((oc) => oc.columns(['user_id', 'offering_id']).doUpdateSet(role ? { role, deactivated_at: null } : { deactivated_at: null }))
    .execute();
}

/** The offerings a person is an active member of, newest first. */
export async function membershipsOf(db: Kysely<Database>, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('offering_member as m')
    .innerJoin('offering as o', 'o.id', 'm.offering_id')
    .select(['o.id', 'o.slug', 'o.title', 'o.term', 'o.join_code', 'o.time_zone', 'o.archived_at', 'o.created_at', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('m.deactivated_at', 'is', null)
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .execute();
  return rows.map(({ role, ...o }) => ({ offering: toRow(o), role }));
}

/** A person's role in an offering, or null when they are not an active member. */
export async function memberRole(db: Kysely<Database>, userId: string, offeringId: string): Promise<OfferingRole | null> {
  const row = await db
    .selectFrom('offering_member')
    .select('role')
    .where('user_id', '=', userId)
    .where('offering_id', '=', offeringId)
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  return row?.role ?? null;
}
