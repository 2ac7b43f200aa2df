import 'server-only';
import type { Viewer } from '../auth/roles';
import { siteUrl } from '../auth/config';
import { getDb } from '../db';
import { listOutbox, type OutboxEntry } from '../lti/ags';
import { listPlatforms, type Platform } from '../lti/platforms';
import { requireStaffOffering } from './access';

export interface LtiOverview {
  toolValues: { loginUrl: string; launchUrl: string; jwksUrl: string; deepLinkUrl: string };
  platforms: Pick<Platform, 'id' | 'name' | 'issuer' | 'clientId' | 'deploymentIds'>[];
  /** Newest scores sent (or waiting) for the current offering's students. */
  outbox: OutboxEntry[];
}

/** The staff page's view of LMS connections: deltalab's values to paste, platforms, grade passback. */
export async function ltiOverview(viewer: Viewer | null): Promise<LtiOverview> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const base = siteUrl();
  const members = new Set((await db.selectFrom('offering_member').select('user_id').where('offering_id', '=', offeringId).execute()).map((m) => m.user_id));
  return {
    toolValues: { loginUrl: `${base}/api/lti/login`, launchUrl: `${base}/api/lti/launch`, jwksUrl: `${base}/api/lti/jwks`, deepLinkUrl: `${base}/api/lti/launch` },
    platforms: (await listPlatforms(db)).map(({ id, name, issuer, clientId, deploymentIds }) => ({ id, name, issuer, clientId, deploymentIds })),
    outbox: (await listOutbox(db, 500)).filter((e) => members.has(e.userId)).slice(0, 100),
  };
}
