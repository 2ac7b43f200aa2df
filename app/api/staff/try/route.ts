import type { NextRequest } from 'next/server';
import { localeOf } from '../../../../lib/i18n/locale';
import { bodyLimitForCode, failure, json, readAuthenticatedJson, refuseCrossSite } from '../../../../lib/site/http';
import { MAX_CODE_BYTES } from '../../../../lib/site/code-limits';
import { tryCode } from '../../../../lib/staff/preview';

/** POST {exerciseId, code}: an instructor grades pasted code with every check; nothing is recorded. */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const { viewer, body } = await readAuthenticatedJson(request, bodyLimitForCode(MAX_CODE_BYTES));
    return json({ result: await tryCode(viewer, body, localeOf(request, viewer)) });
  } catch (err) {
    return failure(err);
  }
}
