import 'server-only';
import { trustedOrigins } from '../auth/config';
import { AccessError } from './errors';

/**
 * The site's JSON endpoints are called by its own pages with fetch. A state-changing request must
 * be JSON (a cross-site form cannot send that without a preflight) and, when the browser says
 * where it comes from, come from a trusted origin. Session cookies are SameSite=Lax on top.
 */
export function refuseCrossSite(request: Request): Response | undefined {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) return json({ error: 'expected JSON' }, 415);
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== new URL(request.url).origin && !trustedOrigins().includes(origin)) {
    return json({ error: 'cross-site request refused' }, 403);
  }
  if (request.headers.get('sec-fetch-site') === 'cross-site') return json({ error: 'cross-site request refused' }, 403);
  return undefined;
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AccessError(400, 'invalid JSON');
  }
}

/** Turns the DAL's refusals into status codes; anything else is a 500 with nothing leaked. */
export function failure(err: unknown): Response {
  if (err instanceof AccessError) return json({ error: err.message }, err.status);
  if ((err as Error)?.name === 'PoolBusyError') return json({ error: 'busy' }, 503);
  console.error('[deltalab] request failed:', err);
  return json({ error: 'internal error' }, 500);
}
