import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import { LtiLaunchError } from './errors';
import { findPlatform } from './platforms';

/**
 * OIDC third-party initiated login (LTI Core 1.3 §5.1.1, Security Framework §5.1.1). The platform
 * sends the browser here; deltalab answers by sending it to the platform's authorization endpoint
 * with a fresh `state` and `nonce`. The state is stored with a hash of a random value that only
 * this browser holds (a cookie), so the launch that comes back is accepted from this browser once.
 */
export const LoginParams = z.object({
  iss: z.string().min(1).max(500),
  login_hint: z.string().min(1).max(2000),
  target_link_uri: z.string().min(1).max(2000),
  lti_message_hint: z.string().max(4000).optional(),
  client_id: z.string().max(500).optional(),
  lti_deployment_id: z.string().max(500).optional(),
});
export type LoginParams = z.infer<typeof LoginParams>;

/** A login must come back within this time. */
export const LOGIN_TTL_MS = 10 * 60 * 1000;
export const STATE_COOKIE = 'deltalab-lti-state';

export function hashBrowserSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface LoginStart {
  /** The platform's authorization endpoint with the authentication request. */
  redirectUrl: string;
  /** The value for the STATE_COOKIE cookie (one per login, named by its state). */
  browserSecret: string;
  state: string;
}

export async function startLogin(db: Kysely<Database>, raw: unknown, launchUrl: string, now = Date.now()): Promise<LoginStart> {
  const parsed = LoginParams.safeParse(raw);
  if (!parsed.success) throw new LtiLaunchError('unknown_platform', 'login initiation without iss, login_hint or target_link_uri');
  const params = parsed.data;
  const platform = await findPlatform(db, params.iss, params.client_id);
  if (!platform) throw new LtiLaunchError('unknown_platform', `no single registration for ${params.iss} ${params.client_id ?? ''}`);
  if (params.lti_deployment_id && !platform.deploymentIds.includes(params.lti_deployment_id)) throw new LtiLaunchError('wrong_deployment', params.lti_deployment_id);
  const state = randomBytes(24).toString('base64url');
  const nonce = randomBytes(24).toString('base64url');
  const browserSecret = randomBytes(24).toString('base64url');
  await db
    .insertInto('lti_login')
    .values({ state, nonce, platform_id: platform.id, browser_hash: hashBrowserSecret(browserSecret), params: JSON.stringify(params), created_at: now, used_at: null })
    .execute();
  // Old logins are of no use to anyone: drop them as new ones come.
  await db.deleteFrom('lti_login').where('created_at', '<', now - 24 * 60 * 60 * 1000).execute();
  const url = new URL(platform.authUrl);
  const query: Record<string, string> = {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: platform.clientId,
    redirect_uri: launchUrl,
    login_hint: params.login_hint,
    state,
    nonce,
  };
  if (params.lti_message_hint) query.lti_message_hint = params.lti_message_hint;
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return { redirectUrl: url.toString(), browserSecret, state };
}

/** The parameters of an earlier login, to start it again at the top level (blocked cookies). */
export async function loginParamsOf(db: Kysely<Database>, state: string): Promise<LoginParams | undefined> {
  const row = await db.selectFrom('lti_login').select('params').where('state', '=', state).executeTakeFirst();
  return row ? LoginParams.parse(JSON.parse(row.params)) : undefined;
}
