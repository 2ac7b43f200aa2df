import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { getAuth } from '../auth/auth';
import { siteUrl } from '../auth/config';
import type { Viewer } from '../auth/roles';
import { getDb } from '../db';
import { newId } from '../db/ids';
import type { Database, LtiAuditAction } from '../db/schema';
import { deliveryStatus, resendScore, type DeliveryStatus } from '../lti/ags';
import { KEY_GRACE_MS, rotateKey } from '../lti/keys';
import { syncRoster, type RosterSync } from '../lti/nrps';
import { getPlatform, listPlatforms, registerPlatform, removePlatform, updatePlatform, type Platform, type PlatformInput } from '../lti/platforms';
import { ServiceError } from '../lti/service-token';
import { AccessError } from '../site/errors';
import { requireOfferingInstructor, requireStaffOffering } from './access';

/**
 * The staff's LMS connections page (app/staff/lti): deltalab's values to paste into the LMS, the
 * registered platforms, deltalab's signing keys, the roster from the LMS, and the state of grade
 * passback for the offering's students. Staff read it; every write is for the offering's
 * instructors (requireOfferingInstructor, through requireStaffOffering, so an archived offering is
 * read-only) and leaves a row in `lti_audit`, shown on the page: platforms and keys are the
 * site's (no offering on their rows, so every offering's page lists them), resends and roster syncs
 * the offering's.
 */

export interface ToolValues {
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkUrl: string;
}

export function toolValues(base = siteUrl()): ToolValues {
  // Deep linking requests arrive at the same launch endpoint; LMSs ask for the URL separately.
  return { loginUrl: `${base}/api/lti/login`, launchUrl: `${base}/api/lti/launch`, jwksUrl: `${base}/api/lti/jwks`, deepLinkUrl: `${base}/api/lti/launch` };
}

/** Why a form field was refused; the page says it in the reader's language (lti.staff.errors). */
export const PLATFORM_FIELD_ERRORS = ['required', 'tooLong', 'url', 'https', 'deploymentIds', 'duplicate'] as const;
export type PlatformFieldError = (typeof PLATFORM_FIELD_ERRORS)[number];
export const PLATFORM_FIELDS = ['name', 'issuer', 'clientId', 'deploymentIds', 'authUrl', 'tokenUrl', 'jwksUrl'] as const;
export type PlatformField = (typeof PLATFORM_FIELDS)[number];

/** A form that did not validate: which fields, and why. */
export class PlatformFormError extends AccessError {
  constructor(readonly fields: Partial<Record<PlatformField, PlatformFieldError>>) {
    super(400, `invalid platform: ${Object.entries(fields).map(([f, e]) => `${f} ${e}`).join(', ')}`);
  }
}

/** LMS URLs must be https; plain http only on this machine (a test LMS, a local Moodle). */
function local(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
const lmsUrl = z
  .string()
  .trim()
  .min(1, 'required')
  .max(1000, 'tooLong')
  .pipe(z.url({ protocol: /^https?$/, error: 'url' }))
  .refine((u) => u.startsWith('https://') || local(u), 'https');

/** The form as typed: deployment ids one per line (or separated by commas). */
export const PlatformForm = z.object({
  name: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  issuer: lmsUrl,
  clientId: z.string().trim().min(1, 'required').max(500, 'tooLong'),
  deploymentIds: z
    .string()
    .max(25_000, 'tooLong')
    .transform((s) => [...new Set(s.split(/[\n,]/).map((d) => d.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(500, 'tooLong')).min(1, 'required').max(50, 'deploymentIds')),
  authUrl: lmsUrl,
  tokenUrl: lmsUrl,
  jwksUrl: lmsUrl,
});

function parsePlatform(input: unknown): PlatformInput {
  const parsed = PlatformForm.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: Partial<Record<PlatformField, PlatformFieldError>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as PlatformField;
    if (!(PLATFORM_FIELDS as readonly string[]).includes(String(field)) || fields[field]) continue;
    fields[field] = (PLATFORM_FIELD_ERRORS as readonly string[]).includes(issue.message) ? (issue.message as PlatformFieldError) : issue.code === 'invalid_type' ? 'required' : 'url';
  }
  throw new PlatformFormError(Object.keys(fields).length > 0 ? fields : { name: 'required' });
}

async function audit(db: Kysely<Database>, who: Viewer, offeringId: string | null, action: LtiAuditAction, detail: Record<string, unknown>): Promise<void> {
  await db
    .insertInto('lti_audit')
    .values({ id: newId(), offering_id: offeringId, action, detail: JSON.stringify(detail), by_user_id: who.id, by_name: who.name, created_at: Date.now() })
    .execute();
}

async function sameIssuerAndClient(db: Kysely<Database>, input: PlatformInput, except?: string): Promise<boolean> {
  let q = db.selectFrom('lti_platform').select('id').where('issuer', '=', input.issuer).where('client_id', '=', input.clientId);
  if (except) q = q.where('id', '!=', except);
  return !!(await q.executeTakeFirst());
}

export async function registerPlatformAsStaff(viewer: Viewer | null, input: unknown): Promise<Platform> {
  const { who } = requireOfferingInstructor(viewer);
  const data = parsePlatform(input);
  const db = await getDb();
  if (await sameIssuerAndClient(db, data)) throw new PlatformFormError({ clientId: 'duplicate' });
  const platform = await registerPlatform(db, data);
  await audit(db, who, null, 'platform.register', { platform: platform.id, name: platform.name, issuer: platform.issuer, clientId: platform.clientId });
  return platform;
}

const PlatformId = z.string().trim().min(1).max(100);

export async function updatePlatformAsStaff(viewer: Viewer | null, id: unknown, input: unknown): Promise<Platform> {
  const { who } = requireOfferingInstructor(viewer);
  const platformId = PlatformId.parse(id);
  const data = parsePlatform(input);
  const db = await getDb();
  if (await sameIssuerAndClient(db, data, platformId)) throw new PlatformFormError({ clientId: 'duplicate' });
  const platform = await updatePlatform(db, platformId, data);
  if (!platform) throw new AccessError(404, 'no such platform');
  await audit(db, who, null, 'platform.update', { platform: platform.id, name: platform.name, issuer: platform.issuer, clientId: platform.clientId });
  return platform;
}

export async function removePlatformAsStaff(viewer: Viewer | null, id: unknown): Promise<void> {
  const { who } = requireOfferingInstructor(viewer);
  const platformId = PlatformId.safeParse(id);
  const db = await getDb();
  const platform = platformId.success ? await getPlatform(db, platformId.data) : undefined;
  if (!platform) throw new AccessError(404, 'no such platform');
  await removePlatform(db, platform.id);
  await audit(db, who, null, 'platform.remove', { platform: platform.id, name: platform.name, issuer: platform.issuer, clientId: platform.clientId });
}

/** A new key signs from now on; the old one stays published for KEY_GRACE_MS (lib/lti/keys.ts). */
export async function rotateSigningKey(viewer: Viewer | null): Promise<{ kid: string }> {
  const { who } = requireOfferingInstructor(viewer);
  const db = await getDb();
  const kid = await rotateKey(db);
  await audit(db, who, null, 'key.rotate', { kid });
  return { kid };
}

export async function resendScoreAsStaff(viewer: Viewer | null, id: unknown): Promise<{ id: string }> {
  const { who, offeringId } = requireOfferingInstructor(viewer);
  const outboxId = z.uuid().safeParse(id);
  const db = await getDb();
  const fresh = outboxId.success ? await resendScore(db, outboxId.data, Date.now(), offeringId) : null;
  if (!fresh) throw new AccessError(404, 'no such score in this offering');
  await audit(db, who, offeringId, 'score.resend', { outbox: outboxId.data, resent: fresh });
  return { id: fresh };
}

/** Pulls the roster from the LMS course linked to this offering (NRPS). */
export async function syncRosterAsStaff(viewer: Viewer | null): Promise<RosterSync> {
  const { who, offeringId } = requireOfferingInstructor(viewer);
  const db = await getDb();
  let result: RosterSync;
  try {
    result = await syncRoster(await getAuth(), db, offeringId);
  } catch (err) {
    // The LMS refused or is down: a clear refusal, not a server error.
    if (err instanceof ServiceError) throw new AccessError(err.status === null && /not linked/.test(err.message) ? 400 : 503, err.message);
    throw err;
  }
  await audit(db, who, offeringId, 'roster.sync', { ...result });
  return result;
}

export interface KeyInfo {
  kid: string;
  createdAt: number;
  /** Null: the key deltalab signs with now. */
  retiredAt: number | null;
  /** When a retired key leaves the JWKS. */
  publishedUntil: number | null;
}

export interface LinkedCourse {
  platformName: string;
  title: string | null;
  hasRoster: boolean;
  rosterSyncedAt: number | null;
}

export interface ScoreRow extends DeliveryStatus {
  studentName: string;
  studentEmail: string;
}

export interface AuditRow {
  id: string;
  action: LtiAuditAction;
  detail: Record<string, unknown>;
  by: string;
  at: number;
}

export interface LtiOverview {
  toolValues: ToolValues;
  platforms: Platform[];
  keys: KeyInfo[];
  courses: LinkedCourse[];
  scores: ScoreRow[];
  audit: AuditRow[];
  /** The viewer may change things here (an instructor of a live offering). */
  canWrite: boolean;
}

/** Everything the page shows, read-only: staff of the offering (archived too). */
export async function ltiOverview(viewer: Viewer | null, now = Date.now()): Promise<LtiOverview> {
  const { who, offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const canWrite = !who.offering?.archived && (who.role === 'instructor' || who.offering?.role === 'instructor');
  const [platforms, keyRows, courses, status, auditRows] = await Promise.all([
    listPlatforms(db),
    db
      .selectFrom('lti_key')
      .select(['kid', 'created_at', 'retired_at'])
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now - KEY_GRACE_MS)]))
      .orderBy('created_at', 'desc')
      .execute(),
    db
      .selectFrom('lti_context')
      .innerJoin('lti_platform', 'lti_platform.id', 'lti_context.platform_id')
      .select(['lti_platform.name', 'lti_context.title', 'lti_context.memberships_url', 'lti_context.roster_synced_at'])
      .where('lti_context.offering_id', '=', offeringId)
      .orderBy('lti_context.created_at')
      .execute(),
    deliveryStatus(db, offeringId, 200),
    db.selectFrom('lti_audit').selectAll().where((eb) => eb.or([eb('offering_id', '=', offeringId), eb('offering_id', 'is', null)])).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(30).execute(),
  ]);
  const userIds = [...new Set(status.map((s) => s.userId))];
  const users = userIds.length === 0 ? [] : await db.selectFrom('user').select(['id', 'name', 'email']).where('id', 'in', userIds).execute();
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    toolValues: toolValues(),
    platforms,
    keys: keyRows.map((k) => {
      const retiredAt = k.retired_at === null ? null : Number(k.retired_at);
      return { kid: k.kid, createdAt: Number(k.created_at), retiredAt, publishedUntil: retiredAt === null ? null : retiredAt + KEY_GRACE_MS };
    }),
    courses: courses.map((c) => ({ platformName: c.name, title: c.title, hasRoster: c.memberships_url !== null, rosterSyncedAt: c.roster_synced_at === null ? null : Number(c.roster_synced_at) })),
    scores: status.map((s) => ({
      ...s,
      studentName: byId.get(s.userId)?.name ?? '',
      studentEmail: byId.get(s.userId)?.email ?? '',
    })),
    audit: auditRows.map((a) => ({ id: a.id, action: a.action, detail: JSON.parse(a.detail) as Record<string, unknown>, by: a.by_name, at: Number(a.created_at) })),
    canWrite,
  };
}
