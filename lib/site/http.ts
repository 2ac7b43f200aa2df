import 'server-only';
import { trustedOrigins } from '../auth/config';
import { viewerFromHeaders, type Viewer } from '../auth/session';
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

/**
 * Largest JSON body that can carry `codeBytes` bytes of code: JSON escapes a control character as
 * `\u0000` (6 bytes for 1), plus room for the other fields. Bodies are refused above this before
 * they are parsed; the code itself is then measured against the exact limit.
 */
export function bodyLimitForCode(codeBytes: number): number {
  return 6 * codeBytes + 4 * 1024;
}

/**
 * The signed-in viewer and the request's JSON body, in that order: nothing of the body is read
 * before the session is known (401 at once for an anonymous request, whatever it sends), and
 * then at most `maxBytes` of it. A declared Content-Length over the limit is refused without
 * reading; a chunked body is counted as it streams and refused (413) at the first byte past it.
 */
export async function readAuthenticatedJson(request: Request, maxBytes: number, opts: BodyOptions = {}): Promise<{ viewer: Viewer; body: unknown }> {
  const viewer = await viewerFromHeaders(request.headers);
  if (!viewer) throw new AccessError(401, 'sign in first');
  return { viewer, body: await readJson(request, maxBytes, opts) };
}

type BodyOptions = {
  /** The refusal of a body over the limit; 413 unless a route has promised another answer. */
  tooLarge?: (maxBytes: number) => AccessError;
};

/** The body as JSON, at most `maxBytes` of it (413 beyond, without reading the rest). */
export async function readJson(request: Request, maxBytes: number, opts: BodyOptions = {}): Promise<unknown> {
  const text = (await readBoundedBody(request, maxBytes, opts)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AccessError(400, 'invalid JSON');
  }
}

export async function readBoundedBody(request: Request, maxBytes: number, opts: BodyOptions = {}): Promise<Buffer> {
  const tooLarge = () => opts.tooLarge?.(maxBytes) ?? new AccessError(413, `the request body is larger than ${maxBytes} bytes`);
  const declared = request.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= maxBytes)) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Turns the DAL's refusals into status codes; anything else is a 500 with nothing leaked. */
export function failure(err: unknown): Response {
  if (err instanceof AccessError) {
    const response = json({ error: err.message }, err.status);
    if (err.retryAfterSeconds !== undefined) response.headers.set('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    return response;
  }
  if ((err as Error)?.name === 'PoolBusyError') return json({ error: 'busy' }, 503);
  console.error('[deltalab] request failed:', err);
  return json({ error: 'internal error' }, 500);
}
