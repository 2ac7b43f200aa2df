import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { Kysely } from 'kysely';
import { siteUrl } from '../auth/config';
import type { Database } from '../db/schema';
import { CLAIM, LTI_VERSION, MESSAGE_TYPES } from './claims';
import { LtiLaunchError } from './errors';
import { hashBrowserSecret, LOGIN_TTL_MS } from './login';
import { platformKeySet } from './platform-keys';
import { getPlatform, type Platform } from './platforms';

/** Clock skew allowed on `exp` and `iat` between the platform and deltalab. */
export const CLOCK_SKEW_S = 60;

export type HandledMessage = typeof MESSAGE_TYPES.resourceLink | typeof MESSAGE_TYPES.deepLinkingRequest;

/** What deltalab reads from a verified id_token. */
export interface Launch {
  platform: Platform;
  messageType: HandledMessage;
  deploymentId: string;
  sub: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  roles: string[];
  context: { id: string; title: string | null } | null;
  resourceLink: { id: string; title: string | null } | null;
  targetLinkUri: string | null;
  custom: Record<string, string>;
  ags: { lineitem: string | null; lineitems: string | null; scope: string[] } | null;
  nrps: { membershipsUrl: string } | null;
  deepLinking: { returnUrl: string; data: string | null; acceptTypes: string[]; acceptMultiple: boolean | null; acceptLineItem: boolean | null } | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

async function verifyToken(idToken: string, platform: Platform, now: number): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, platformKeySet(platform.jwksUrl), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ['RS256'],
      clockTolerance: CLOCK_SKEW_S,
      maxTokenAge: LOGIN_TTL_MS / 1000,
      requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat', 'nonce'],
      currentDate: new Date(now),
    });
    return payload;
  } catch (err) {
    if (err instanceof errors.JWSSignatureVerificationFailed) throw new LtiLaunchError('bad_signature');
    if (err instanceof errors.JWKSNoMatchingKey) throw new LtiLaunchError('unknown_key');
    if (err instanceof errors.JWTExpired) throw new LtiLaunchError('expired');
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'aud') throw new LtiLaunchError('wrong_audience');
      if (err.claim === 'iss') throw new LtiLaunchError('wrong_issuer');
      if (err.claim === 'iat') throw new LtiLaunchError('expired', err.message);
      throw new LtiLaunchError('missing_claim', err.message);
    }
    throw new LtiLaunchError('bad_token', (err as Error).message);
  }
}

/**
 * Checks an authentication response (the form the platform posts to the launch URL) as LTI's
 * Security Framework §5.1.3 asks, in this order: the state belongs to this browser and is used
 * once; the id_token's signature (platform JWKS), iss, aud/azp, exp/iat; its nonce is the one sent
 * with that state; the deployment is registered; the message type and version are ones deltalab
 * handles; the target link is on this site. Throws LtiLaunchError; nothing is created before every
 * check has passed.
 */
export async function verifyLaunch(
  db: Kysely<Database>,
  form: { id_token?: string | null; state?: string | null },
  browserSecret: string | null,
  now = Date.now(),
): Promise<Launch> {
  const state = form.state ?? '';
  const idToken = form.id_token ?? '';
  if (!state || !idToken) throw new LtiLaunchError('missing_state', 'no state or id_token in the form');
  const login = await db.selectFrom('lti_login').selectAll().where('state', '=', state).executeTakeFirst();
  if (!login) throw new LtiLaunchError('state_mismatch', 'unknown state');
  if (!browserSecret) throw new LtiLaunchError('missing_state', 'no state cookie (blocked third-party cookie?)');
  if (hashBrowserSecret(browserSecret) !== login.browser_hash) throw new LtiLaunchError('state_mismatch');
  if (login.used_at !== null) throw new LtiLaunchError('state_used');
  if (Number(login.created_at) < now - LOGIN_TTL_MS) throw new LtiLaunchError('state_expired');
  // Used once, whatever follows: a second post of the same response is refused.
  const taken = await db.updateTable('lti_login').set({ used_at: now }).where('state', '=', state).where('used_at', 'is', null).executeTakeFirst();
  if (Number(taken.numUpdatedRows) !== 1) throw new LtiLaunchError('state_used');

  const platform = await getPlatform(db, login.platform_id);
  if (!platform) throw new LtiLaunchError('unknown_platform');
  const claims = await verifyToken(idToken, platform, now);

  // Several audiences: the authorized party must be deltalab (OIDC Core §3.1.3.7, LTI SF §5.1.3 step 4).
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if ((audiences.length > 1 || claims.azp !== undefined) && claims.azp !== platform.clientId) throw new LtiLaunchError('wrong_audience', 'azp');
  if (claims.nonce !== login.nonce) throw new LtiLaunchError('nonce_mismatch');

  const deploymentId = str(claims[CLAIM.deploymentId]);
  if (!deploymentId || !platform.deploymentIds.includes(deploymentId)) throw new LtiLaunchError('wrong_deployment', String(deploymentId));
  const messageType = claims[CLAIM.messageType];
  if (messageType !== MESSAGE_TYPES.resourceLink && messageType !== MESSAGE_TYPES.deepLinkingRequest) {
    throw new LtiLaunchError('unsupported_message_type', String(messageType));
  }
  if (claims[CLAIM.version] !== LTI_VERSION) throw new LtiLaunchError('wrong_version', String(claims[CLAIM.version]));

  const sub = str(claims.sub);
  if (!sub) throw new LtiLaunchError('missing_claim', 'sub');
  const context = obj(claims[CLAIM.context]);
  const link = obj(claims[CLAIM.resourceLink]);
  if (messageType === MESSAGE_TYPES.resourceLink && !str(link?.id)) throw new LtiLaunchError('missing_claim', 'resource_link.id');
  const ags = obj(claims[CLAIM.agsEndpoint]);
  const nrps = obj(claims[CLAIM.nrpsService]);
  const dl = obj(claims[CLAIM.deepLinkingSettings]);
  if (messageType === MESSAGE_TYPES.deepLinkingRequest && !str(dl?.deep_link_return_url)) throw new LtiLaunchError('missing_claim', 'deep_link_return_url');
  // The launch must be addressed to this site (LTI Core §5.1.3.4 has the tool act on it): a token
  // minted for another tool's URL, or another deltalab, is not ours to act on.
  const targetLinkUri = str(claims[CLAIM.targetLinkUri]);
  if (!targetLinkUri) throw new LtiLaunchError('missing_claim', 'target_link_uri');
  if (originOf(targetLinkUri) !== new URL(siteUrl()).origin) throw new LtiLaunchError('wrong_target_link', targetLinkUri);
  const custom = Object.fromEntries(Object.entries(obj(claims[CLAIM.custom]) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));

  return {
    platform,
    messageType,
    deploymentId,
    sub,
    name: str(claims.name) ?? ([str(claims.given_name), str(claims.family_name)].filter(Boolean).join(' ') || null),
    email: str(claims.email),
    locale: str(claims.locale),
    roles: strings(claims[CLAIM.roles]),
    context: context && str(context.id) ? { id: str(context.id)!, title: str(context.title) ?? str(context.label) } : null,
    resourceLink: link && str(link.id) ? { id: str(link.id)!, title: str(link.title) } : null,
    targetLinkUri,
    custom,
    ags: ags ? { lineitem: str(ags.lineitem), lineitems: str(ags.lineitems), scope: strings(ags.scope) } : null,
    nrps: nrps && str(nrps.context_memberships_url) ? { membershipsUrl: str(nrps.context_memberships_url)! } : null,
    deepLinking: dl ? { returnUrl: str(dl.deep_link_return_url)!, data: str(dl.data), acceptTypes: strings(dl.accept_types), acceptMultiple: bool(dl.accept_multiple), acceptLineItem: bool(dl.accept_lineitem) } : null,
  };
}
