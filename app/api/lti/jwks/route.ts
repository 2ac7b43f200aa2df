import { getDb } from '../../../../lib/db';
import { publishedKeys } from '../../../../lib/lti/keys';

/** deltalab's public keys (current and recently rotated), for platforms to check what it signs. */
export async function GET(): Promise<Response> {
  const jwks = await publishedKeys(await getDb());
  return Response.json(jwks, { headers: { 'cache-control': 'public, max-age=300' } });
}
