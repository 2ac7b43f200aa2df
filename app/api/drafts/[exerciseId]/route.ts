import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../lib/auth/session';
import { getDraft, saveDraft } from '../../../../lib/site/drafts';
import { localeOf } from '../../../../lib/i18n/locale';
import { MAX_CODE_BYTES } from '../../../../lib/site/code-limits';
import { bodyLimitForCode, failure, json, readAuthenticatedJson, refuseCrossSite } from '../../../../lib/site/http';

/** The viewer's autosaved draft of one exercise. */
export async function GET(request: NextRequest, ctx: { params: Promise<{ exerciseId: string }> }): Promise<Response> {
  try {
    const { exerciseId } = await ctx.params;
    const viewer = await viewerFromHeaders(request.headers);
    if (!viewer) return json({ error: 'sign in first' }, 401);
    return json({ draft: await getDraft(viewer, exerciseId) });
  } catch (err) {
    return failure(err);
  }
}

export async function PUT(request: NextRequest, ctx: { params: Promise<{ exerciseId: string }> }): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const { exerciseId } = await ctx.params;
    const { viewer, body } = await readAuthenticatedJson(request, bodyLimitForCode(MAX_CODE_BYTES));
    return json(await saveDraft(viewer, exerciseId, body, localeOf(request, viewer)));
  } catch (err) {
    return failure(err);
  }
}
