import type { Kysely } from 'kysely';
import type { Auth } from '../auth/auth';
import type { Database } from '../db/schema';
import { logEvent } from '../log';
import { MESSAGE_TYPES } from './claims';
import { verifyLaunch, type Launch } from './launch';
import { pathOf, recordContext, recordResourceLink, userForLaunch } from './provision';

export interface LaunchOutcome {
  launch: Launch;
  userId: string;
  /** Where the browser goes next. */
  to: string;
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
  await recordContext(db, launch, now);
  const item = await recordResourceLink(db, launch, now);
  const headers = await auth.api.signInVerifiedUser({ body: { userId, embedded: options.embedded }, returnHeaders: true });
  const setCookies = headers.headers.getSetCookie();
  logEvent('info', 'lti.launch', { platform: launch.platform.id, messageType: launch.messageType, userId, created, role });
  const to = launch.messageType === MESSAGE_TYPES.deepLinkingRequest ? `/lti/deep-link` : pathOf(item);
  return { launch, userId, to, setCookies };
}
