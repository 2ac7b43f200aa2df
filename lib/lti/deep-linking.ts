import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { newId } from '../db/ids';
import type { Database } from '../db/schema';
import { CLAIM, LTI_VERSION, MESSAGE_TYPES } from './claims';
import { placedItemDates } from './item-dates';
import { offeringOfContext } from './items';
import { currentKey } from './keys';
import type { Launch } from './launch';
import { getPlatform } from './platforms';
import type { ItemKind } from './provision';

/**
 * Deep Linking 2.0: an instructor adding an activity in the LMS lands on deltalab's picker
 * (a stored request, used once); the choice goes back as a signed LtiDeepLinkingResponse JWT
 * (DL 2.0 §4.2), auto-posted to the platform's deep_link_return_url as the `JWT` form field. Each
 * chosen item (an exercise, quiz, section or assignment) is an `ltiResourceLink` with a `lineItem`, so the LMS makes a grade column for it,
 * a custom parameter naming the item, so its launches open it, and the offering's dates for it
 * (`available`, `submission`: lib/lti/item-dates.ts), so the LMS shows its due date.
 */
export const DEEP_LINK_TTL_MS = 60 * 60 * 1000;

const flag = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

/**
 * What the platform's request allows (DL 2.0 §4.4.1 `deep_linking_settings`). deltalab places only
 * `ltiResourceLink` items: a request not accepting them cannot be answered. A setting the platform
 * left out reads as allowed (as requests stored before the settings were kept are answered).
 */
export interface DeepLinkSettings {
  acceptsResourceLink: boolean;
  acceptMultiple: boolean;
  acceptLineItem: boolean;
}

export function settingsOf(row: { accept_types: string | null; accept_multiple: number | string | null; accept_lineitem: number | string | null }): DeepLinkSettings {
  let types: unknown = null;
  try {
    types = row.accept_types === null ? null : JSON.parse(row.accept_types);
  } catch {
    types = null;
  }
  const listed = Array.isArray(types) && types.length > 0 ? types : null;
  return {
    acceptsResourceLink: listed === null || listed.includes('ltiResourceLink'),
    acceptMultiple: row.accept_multiple === null || Number(row.accept_multiple) !== 0,
    acceptLineItem: row.accept_lineitem === null || Number(row.accept_lineitem) !== 0,
  };
}

export async function recordDeepLinkRequest(db: Kysely<Database>, launch: Launch, userId: string, now = Date.now()): Promise<string> {
  const id = newId(now);
  await db
    .insertInto('lti_deep_link')
    .values({
      id,
      platform_id: launch.platform.id,
      user_id: userId,
      deployment_id: launch.deploymentId,
      context_id: launch.context?.id ?? null,
      return_url: launch.deepLinking!.returnUrl,
      data: launch.deepLinking!.data,
      created_at: now,
      used_at: null,
      accept_types: JSON.stringify(launch.deepLinking!.acceptTypes),
      accept_multiple: flag(launch.deepLinking!.acceptMultiple),
      accept_lineitem: flag(launch.deepLinking!.acceptLineItem),
    })
    .execute();
  return id;
}

export interface DeepLinkChoice {
  kind: ItemKind;
  id: string;
  title: string;
  /** The item's points: the LMS's grade column out of this many. */
  points: number;
}

export interface DeepLinkResponse {
  returnUrl: string;
  jwt: string;
}

/** Why a choice cannot be answered: the platform accepts no resource links, or one item only. */
export type DeepLinkRefusal = 'types' | 'multiple';

/** Whether these choices fit what the request allows. */
export function refusalOf(settings: DeepLinkSettings, choices: readonly unknown[]): DeepLinkRefusal | null {
  if (!settings.acceptsResourceLink) return 'types';
  if (!settings.acceptMultiple && choices.length > 1) return 'multiple';
  return null;
}

/** Whether this person may answer this deep linking request (theirs, unused, recent). */
export async function openDeepLink(db: Kysely<Database>, id: string, userId: string, now = Date.now()) {
  const row = await db.selectFrom('lti_deep_link').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  if (!row || row.used_at !== null || Number(row.created_at) < now - DEEP_LINK_TTL_MS) return null;
  return row;
}

/**
 * The signed response for the instructor's choices. Marks the request used, so it is answered once.
 * `launchUrl` is deltalab's launch (redirect) URL, where the LMS will launch each link.
 */
export async function deepLinkResponse(db: Kysely<Database>, id: string, userId: string, choices: DeepLinkChoice[], launchUrl: string, now = Date.now()): Promise<DeepLinkResponse | null> {
  const row = await openDeepLink(db, id, userId, now);
  if (!row) return null;
  const settings = settingsOf(row);
  if (refusalOf(settings, choices)) return null;
  const taken = await db.updateTable('lti_deep_link').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) return null;
  const platform = await getPlatform(db, row.platform_id);
  if (!platform) return null;
  const { kid, privateKey } = await currentKey(db, now);
  // The LMS course's offering, whose dates the activities carry (none before the course is linked).
  const offeringId = await offeringOfContext(db, row.platform_id, row.context_id);
  const items = [];
  for (const c of choices) {
    items.push({
      type: 'ltiResourceLink',
      title: c.title,
      url: launchUrl,
      custom: { deltalab_item: `${c.kind}:${c.id}` },
      // A platform that accepts no line items gets none (§4.4.1 accept_lineitem): no grade column.
      ...(settings.acceptLineItem && { lineItem: { scoreMaximum: c.points, label: c.title, resourceId: `${c.kind}:${c.id}` } }),
      ...(await placedItemDates(db, offeringId, c.kind, c.id)),
    });
  }
  const iat = Math.floor(now / 1000);
  const claims: Record<string, unknown> = {
    nonce: randomUUID(),
    [CLAIM.messageType]: MESSAGE_TYPES.deepLinkingResponse,
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: row.deployment_id,
    [CLAIM.contentItems]: items,
  };
  if (row.data !== null) claims[CLAIM.deepLinkingData] = row.data;
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .sign(privateKey);
  return { returnUrl: row.return_url, jwt };
}
