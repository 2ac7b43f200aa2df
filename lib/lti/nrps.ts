import type { Kysely } from 'kysely';
import { createHash } from 'node:crypto';
import type { Auth } from '../auth/auth';
import { enroll } from '../db/offerings';
import type { Database } from '../db/schema';
import { MEDIA_TYPES, offeringRoleOf, SCOPES } from './claims';
import { getPlatform } from './platforms';
import { siteRoleOf } from './provision';
import { forgetServiceToken, ServiceError, serviceToken } from './service-token';

/**
 * Names and Role Provisioning (NRPS 2.0): staff pull an offering's roster from the LMS course's
 * memberships URL, following `Link: <…>; rel="next"` pages (§2.4.2). Every active member is found
 * or created by (issuer, user_id) and enrolled with their role; members of the offering who came
 * from this LMS course and are no longer listed (or listed Inactive/Deleted) are deactivated, never
 * deleted.
 */
export interface NrpsMember {
  user_id: string;
  roles?: string[];
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
  status?: string;
}

const MAX_PAGES = 500;

function nextLink(header: string | null): string | null {
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (m && /rel="?([^";]*\s)?next(\s[^";]*)?"?/.test(m[2]!)) return m[1]!;
  }
  return null;
}

export async function fetchMembers(db: Kysely<Database>, platformId: string, url: string, fetcher: typeof fetch = fetch): Promise<NrpsMember[]> {
  const platform = await getPlatform(db, platformId);
  if (!platform) throw new ServiceError('platform registration removed', null);
  const members: NrpsMember[] = [];
  let next: string | null = url;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    const token = await serviceToken(db, platform, [SCOPES.memberships], fetcher);
    const res: Response = await fetcher(next, { headers: { accept: MEDIA_TYPES.memberships, authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
    if (res.status === 401) forgetServiceToken(platform, [SCOPES.memberships]);
    if (!res.ok) throw new ServiceError(`memberships endpoint answered ${res.status}`, res.status);
    const body = (await res.json()) as { members?: NrpsMember[] };
    members.push(...(body.members ?? []).filter((m) => typeof m?.user_id === 'string'));
    next = nextLink(res.headers.get('link'));
  }
  return members;
}

export interface RosterSync {
  /** Members listed as active by the LMS. */
  active: number;
  /** deltalab accounts made for members seen for the first time. */
  created: number;
  /** Members who were not in the offering before this sync. */
  added: number;
  /** Members already in the offering whose role changed or who were deactivated and are back. */
  updated: number;
  /** Members of the offering from this LMS who are no longer listed (kept, deactivated). */
  deactivated: number;
}

/** Syncs the roster of the LMS course mapped to `offeringId`. */
export async function syncRoster(auth: Auth, db: Kysely<Database>, offeringId: string, fetcher: typeof fetch = fetch, now = Date.now()): Promise<RosterSync> {
  const context = await db.selectFrom('lti_context').selectAll().where('offering_id', '=', offeringId).where('memberships_url', 'is not', null).orderBy('created_at').executeTakeFirst();
  if (!context) throw new ServiceError('this offering is not linked to an LMS course with a roster service', null);
  const platform = (await getPlatform(db, context.platform_id))!;
  const members = await fetchMembers(db, platform.id, context.memberships_url!, fetcher);
  const ctx = await auth.$context;
  const before = new Map(
    (await db.selectFrom('offering_member').select(['user_id', 'role', 'deactivated_at']).where('offering_id', '=', offeringId).execute()).map((m) => [m.user_id, m]),
  );
  const listed = new Set<string>();
  let created = 0;
  let added = 0;
  let updated = 0;
  for (const m of members) {
    if (m.status && m.status !== 'Active') continue;
    const role = offeringRoleOf(m.roles ?? []);
    let link = await db.selectFrom('lti_user').select('user_id').where('issuer', '=', platform.issuer).where('sub', '=', m.user_id).executeTakeFirst();
    if (!link) {
      const email = m.email?.toLowerCase();
      const free = email && !(await db.selectFrom('user').select('id').where('email', '=', email).executeTakeFirst());
      const digest = createHash('sha256').update(`${platform.issuer}\n${m.user_id}`).digest('hex').slice(0, 24);
      const name = (m.name ?? [m.given_name, m.family_name].filter(Boolean).join(' ')) || 'LMS user';
      const user = await ctx.internalAdapter.createUser({ email: free ? email : `lti-${digest}@lti.invalid`, name: name.slice(0, 100), role: siteRoleOf(role), emailVerified: false }, { method: 'lti' });
      await db.insertInto('lti_user').values({ issuer: platform.issuer, sub: m.user_id, user_id: user.id, created_at: now }).onConflict((oc) => oc.columns(['issuer', 'sub']).doNothing()).execute();
      link = await db.selectFrom('lti_user').select('user_id').where('issuer', '=', platform.issuer).where('sub', '=', m.user_id).executeTakeFirstOrThrow();
      if (link.user_id === user.id) created++;
      else await db.deleteFrom('user').where('id', '=', user.id).execute();
    }
    if (listed.has(link.user_id)) continue;
    listed.add(link.user_id);
    const was = before.get(link.user_id);
    if (!was) added++;
    else if (was.role !== role || was.deactivated_at !== null) updated++;
    await enroll(db, link.user_id, offeringId, role);
  }
  // Members this LMS provisioned (they have an identity from its issuer) who are gone from its roster.
  const fromThisLms = await db
    .selectFrom('offering_member')
    .innerJoin('lti_user', 'lti_user.user_id', 'offering_member.user_id')
    .select('offering_member.user_id')
    .where('offering_member.offering_id', '=', offeringId)
    .where('offering_member.deactivated_at', 'is', null)
    .where('lti_user.issuer', '=', platform.issuer)
    .execute();
  const gone = fromThisLms.map((r) => r.user_id).filter((id) => !listed.has(id));
  if (gone.length > 0) {
    await db.updateTable('offering_member').set({ deactivated_at: now }).where('offering_id', '=', offeringId).where('user_id', 'in', gone).where('deactivated_at', 'is', null).execute();
  }
  await db.updateTable('lti_context').set({ roster_synced_at: now }).where('platform_id', '=', context.platform_id).where('context_id', '=', context.context_id).execute();
  return { active: listed.size, created, added, updated, deactivated: gone.length };
}
