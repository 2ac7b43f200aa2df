import type { Kysely } from 'kysely';
import type { Auth } from '../auth/auth';
import type { Database } from '../db/schema';
import { logEvent } from '../log';
import { MESSAGE_TYPES } from './claims';
import { recordDeepLinkRequest } from './deep-linking';
import { verifyLaunch, type Launch } from './launch';
import { enrollFromLaunch, offeringForLaunch, pathOf, recordResourceLink, userForLaunch } from './provision';

export interface LaunchOutcome {
  launch: Launch;
  userId: string;
  /** Where the browser goes next. */
  to: string;
  /** The offering the launch acts in (the LMS course's). */
  offeringId: string | null;
  /** Set-Cookie headers of the new session. */
  setCookies: string[];
}

/**
 * A whole launch after the platform's form post: verify (lib/lti/launch.ts), then find or create
 * the user, record the context and resource link, and sign the user in. Throws LtiLaunchError
 * before anything is created when a check fails.
 */
export async function completeLaunch(
  auth: Auth,
  db: Kysely<Database>,
  form: { id_token?: string | null; state?: string | null },
  browserSecret: string | null,
  options: { embedded: boolean; now?: number },
): Promise<LaunchOutcome> {
  const now = options.now ?? Date.now();
  const launch = await verifyLaunch(db, form, browserSecret, now);
  const { userId, created, role } = await userForLaunch(auth, db, launch, now);
  const offeringId = await offeringForLaunch(db, launch, now);
  await enrollFromLaunch(db, userId, offeringId, role);
  const item = await recordResourceLink(db, launch, now);
  const headers = await auth.api.signInVerifiedUser({ body: { userId, embedded: options.embedded }, returnHeaders: true });
  const setCookies = headers.headers.getSetCookie();
  logEvent('info', 'lti.launch', { platform: launch.platform.id, offering: offeringId, messageType: launch.messageType, userId, created, role });
  const to = launch.messageType === MESSAGE_TYPES.deepLinkingRequest ? `/lti/deep-link/${await recordDeepLinkRequest(db, launch, userId, now)}` : pathOf(item);
  return { launch, userId, offeringId, to, setCookies };
}
