import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../lib/auth/session';
import { localeOf } from '../../../lib/i18n/locale';
import { failure, json, readJson, refuseCrossSite } from '../../../lib/site/http';
import { check } from '../../../lib/site/submissions';

/** POST: run the example checks on the code; nothing is recorded. */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const viewer = await viewerFromHeaders(request.headers);
    return json({ result: await check(viewer, await readJson(request), { locale: localeOf(request, viewer) }) });
  } catch (err) {
    return failure(err);
  }
}
