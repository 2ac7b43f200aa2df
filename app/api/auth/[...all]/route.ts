import { getAuth } from '../../../../lib/auth/auth';
import { vouchedForwardedFor } from '../../../../lib/site/client-address';
import { AccessError } from '../../../../lib/site/errors';
import { readBoundedBody } from '../../../../lib/site/http';

/**
 * Every body better-auth takes here (sign-in, sign-up, update-user, sign-out…) is a few hundred
 * bytes: a name of at most 100 characters, an email of 254, a password of 128. better-auth would
 * parse any size, so the body is read here first, at most this much.
 */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

/** better-auth's endpoints: sign-up, sign-in, sign-out, session. */
async function handle(request: Request): Promise<Response> {
  const auth = await getAuth();
  // The client address comes only from this server's own check (lib/site/client-address.ts).
  const headers = vouchedForwardedFor(request.headers);
  if (request.method === 'GET' || request.method === 'HEAD') return auth.handler(new Request(request.url, { method: request.method, headers }));
  let body: Buffer;
  try {
    body = await readBoundedBody(request, MAX_AUTH_BODY_BYTES);
  } catch (err) {
    if (err instanceof AccessError) return Response.json({ code: 'BODY_TOO_LARGE', message: err.message }, { status: err.status });
    throw err;
  }
  return auth.handler(new Request(request.url, { method: request.method, headers, body: new Uint8Array(body) }));
}

export { handle as GET, handle as POST };
