import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Auth } from '../auth/auth';
import type { Role } from '../auth/roles';
import { newId, newJoinCode } from '../db/ids';
import { enroll, getDefaultOffering } from '../db/offerings';
import type { Database } from '../db/schema';
import { offeringRoleOf, type OfferingRole } from './claims';
import { membersOf, offeringOfContext } from './items';
import type { Launch } from './launch';

/**
 * What a verified launch creates or finds: the deltalab user for (issuer, sub), the course context,
 * and the resource link with its line item. Runs only after verifyLaunch() has accepted the token,
 * so a refused launch creates nothing.
 */

/** The site-wide role of a person first seen through a launch: course staff for instructors and TAs. */
export function siteRoleOf(role: OfferingRole): Role {
  return role === 'student' ? 'student' : 'staff';
}

/**
 * The email a launched user is stored under. An email the platform sent is used only when no other
 * account has it: taking over an existing password account because an LMS claims the same address
 * would let any registered platform sign in as anyone.
 */
async function emailFor(db: Kysely<Database>, launch: Launch): Promise<string> {
  const claimed = launch.email?.trim().toLowerCase();
  if (claimed && claimed.length <= 200) {
    const taken = await db.selectFrom('user').select('id').where('email', '=', claimed).executeTakeFirst();
    if (!taken) return claimed;
  }
  const digest = createHash('sha256').update(`${launch.platform.issuer}\n${launch.sub}`).digest('hex').slice(0, 24);
  return `lti-${digest}@lti.invalid`;
}

export async function userForLaunch(auth: Auth, db: Kysely<Database>, launch: Launch, now = Date.now()): Promise<{ userId: string; created: boolean; role: OfferingRole }> {
  const role = offeringRoleOf(launch.roles);
  const known = await db
    .selectFrom('lti_user')
    .select('user_id')
    .where('issuer', '=', launch.platform.issuer)
    .where('sub', '=', launch.sub)
    .executeTakeFirst();
  if (known) return { userId: known.user_id, created: false, role };
  const ctx = await auth.$context;
  const locale = launch.locale?.toLowerCase().startsWith('zh') ? 'zh' : launch.locale ? 'en' : null;
  const user = await ctx.internalAdapter.createUser(
    { email: await emailFor(db, launch), name: (launch.name ?? 'LMS user').slice(0, 100), role: siteRoleOf(role), locale, emailVerified: false },
    { method: 'lti' },
  );
  const inserted = await db
    .insertInto('lti_user')
    .values({ issuer: launch.platform.issuer, sub: launch.sub, user_id: user.id, created_at: now })
    .onConflict((oc) => oc.columns(['issuer', 'sub']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    // Two first launches of one person raced; the other one's user stands.
    await db.deleteFrom('user').where('id', '=', user.id).execute();
    const winner = await db.selectFrom('lti_user').select('user_id').where('issuer', '=', launch.platform.issuer).where('sub', '=', launch.sub).executeTakeFirstOrThrow();
    return { userId: winner.user_id, created: false, role };
  }
  return { userId: user.id, created: true, role };
}

/**
 * The offering a launch acts in. An LMS course (context) maps to one offering through lti_context;
 * the first launch from an unknown context creates the offering, titled as the LMS course. The
 * newest launch's service URLs are kept. A launch without a context acts in the first offering.
 */
export async function offeringForLaunch(db: Kysely<Database>, launch: Launch, now = Date.now()): Promise<string | null> {
  if (!launch.context) return (await getDefaultOffering(db))?.id ?? null;
  const urls = { memberships_url: launch.nrps?.membershipsUrl ?? null, lineitems_url: launch.ags?.lineitems ?? null };
  const known = await db.selectFrom('lti_context').select(['offering_id']).where('platform_id', '=', launch.platform.id).where('context_id', '=', launch.context.id).executeTakeFirst();
  if (known?.offering_id) {
    await db.updateTable('lti_context').set({ ...urls, title: launch.context.title }).where('platform_id', '=', launch.platform.id).where('context_id', '=', launch.context.id).execute();
    return known.offering_id;
  }
  const offeringId = newId(now);
  const digest = createHash('sha256').update(`${launch.platform.id}\n${launch.context.id}`).digest('hex').slice(0, 12);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('offering')
      .values({ id: offeringId, slug: `lti-${digest}`, title: (launch.context!.title ?? launch.platform.name).slice(0, 200), term: null, join_code: newJoinCode(), archived_at: null, created_at: now })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    await trx
      .insertInto('lti_context')
      .values({ platform_id: launch.platform.id, context_id: launch.context!.id, offering_id: offeringId, title: launch.context!.title, roster_synced_at: null, created_at: now, ...urls })
      .onConflict((oc) => oc.columns(['platform_id', 'context_id']).doUpdateSet({ ...urls }))
      .execute();
  });
  // A concurrent first launch may have won: the stored mapping decides.
  const stored = await db.selectFrom('lti_context').select('offering_id').where('platform_id', '=', launch.platform.id).where('context_id', '=', launch.context.id).executeTakeFirstOrThrow();
  if (stored.offering_id === null) {
    await db.updateTable('lti_context').set({ offering_id: offeringId }).where('platform_id', '=', launch.platform.id).where('context_id', '=', launch.context.id).where('offering_id', 'is', null).execute();
    return offeringId;
  }
  return stored.offering_id;
}

/** Enrolls the launched person with the role the LMS gives them (a launch also re-activates). */
export async function enrollFromLaunch(db: Kysely<Database>, userId: string, offeringId: string | null, role: OfferingRole): Promise<void> {
  if (offeringId) await enroll(db, userId, offeringId, role);
}

export type ItemKind = 'exercise' | 'quiz' | 'section' | 'assignment';
export const ITEM_KINDS: readonly ItemKind[] = ['exercise', 'quiz', 'section', 'assignment'];

/** `custom.deltalab_item` as deep linking set it: "exercise:<id>", "quiz:<id>", "section:<id>" or "assignment:<id>". */
export function itemOf(custom: Record<string, string>): { kind: ItemKind; id: string } | null {
  const m = /^(exercise|quiz|section|assignment):([A-Za-z0-9._-]{1,200})$/.exec(custom.deltalab_item ?? '');
  return m ? { kind: m[1] as ItemKind, id: m[2]! } : null;
}

/**
 * Records which deltalab item a resource link opens and its line item (AGS `lineitem` claim), so
 * a later score for that item and student can be sent there.
 */
export async function recordResourceLink(db: Kysely<Database>, launch: Launch, now = Date.now()): Promise<PlacedItem | null> {
  if (!launch.resourceLink) return null;
  const item = itemOf(launch.custom);
  if (!item) return null;
  const values = { context_id: launch.context?.id ?? null, item_kind: item.kind, item_id: item.id, lineitem_url: launch.ags?.lineitem ?? null };
  await db
    .insertInto('lti_resource_link')
    .values({ platform_id: launch.platform.id, resource_link_id: launch.resourceLink.id, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['platform_id', 'resource_link_id']).doUpdateSet(values))
    .execute();
  if (item.kind !== 'assignment') return item;
  // An assignment has no student page of its own: its launch opens the section of its first item.
  const [first] = await membersOf(db, await offeringOfContext(db, launch.platform.id, launch.context?.id ?? null), 'assignment', item.id);
  return { ...item, ...(first && { section: first.section }) };
}

/** A placed item; for an assignment, the section its launch opens (of its first counted item). */
export interface PlacedItem {
  kind: ItemKind;
  id: string;
  section?: string;
}

/** Where in deltalab a launch for this item lands. */
export function pathOf(item: PlacedItem | null): string {
  if (!item) return '/';
  if (item.kind === 'assignment') return item.section ? `/#section-${encodeURIComponent(item.section)}` : '/';
  if (item.kind === 'exercise') return `/exercises/${encodeURIComponent(item.id)}`;
  if (item.kind === 'quiz') return `/quizzes/${encodeURIComponent(item.id)}`;
  return `/#section-${encodeURIComponent(item.id)}`;
}
