import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../lib/auth/session';
import { localeOf } from '../../../../lib/i18n/locale';
import { failure, json, readJson, refuseCrossSite } from '../../../../lib/site/http';
import { tryCode } from '../../../../lib/staff/preview';

/** POST {exerciseId, code}: an instructor grades pasted code with every check; nothing is recorded. */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const viewer = await viewerFromHeaders(request.headers);
    return json({ result: await tryCode(viewer, await readJson(request), localeOf(request, viewer)) });
  } catch (err) {
    return failure(err);
  }
}
