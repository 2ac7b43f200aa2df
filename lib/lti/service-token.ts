import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { currentKey } from './keys';
import type { Platform } from './platforms';

/**
 * OAuth2 access tokens for the platform's services (AGS, NRPS): the client-credentials grant with
 * a JWT assertion signed by deltalab's key (RFC 7523; LTI Security Framework §4.1). Cached per
 * platform and scope set until shortly before they expire.
 */
const cache = new Map<string, { token: string; expiresAt: number }>();
const MARGIN_MS = 30_000;

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export async function serviceToken(db: Kysely<Database>, platform: Platform, scopes: string[], fetcher: typeof fetch = fetch): Promise<string> {
  const key = `${platform.id} ${[...scopes].sort().join(' ')}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now() + MARGIN_MS) return hit.token;
  const { kid, privateKey } = await currentKey(db);
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setSubject(platform.clientId)
    .setAudience(platform.tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .setJti(randomUUID())
    .sign(privateKey);
  let res: Response;
  try {
    res = await fetcher(platform.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: scopes.join(' '),
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new ServiceError(`token endpoint unreachable: ${(err as Error).message}`, null);
  }
  if (!res.ok) throw new ServiceError(`token endpoint answered ${res.status}`, res.status);
  const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
  if (typeof body.access_token !== 'string') throw new ServiceError('token endpoint sent no access_token', res.status);
  const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  cache.set(key, { token: body.access_token, expiresAt: Date.now() + lifetime * 1000 });
  return body.access_token;
}

/** Drops a token the platform refused (401), so the next call asks for a new one. */
export function forgetServiceToken(platform: Platform, scopes: string[]): void {
  cache.delete(`${platform.id} ${[...scopes].sort().join(' ')}`);
}
