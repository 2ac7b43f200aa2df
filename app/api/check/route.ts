import type { NextRequest } from 'next/server';
import { localeOf } from '../../../lib/i18n/locale';
import { MAX_CODE_BYTES } from '../../../lib/site/code-limits';
import { bodyLimitForCode, failure, json, readAuthenticatedJson, refuseCrossSite } from '../../../lib/site/http';
import { check } from '../../../lib/site/submissions';

/** POST: run the example checks on the code; nothing is recorded. */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    // The session first, then at most so many bytes of body (lib/site/http.ts).
    const { viewer, body } = await readAuthenticatedJson(request, bodyLimitForCode(MAX_CODE_BYTES));
    return json({ result: await check(viewer, body, { locale: localeOf(request, viewer) }) });
  } catch (err) {
    return failure(err);
  }
}
