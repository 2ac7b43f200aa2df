import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../lib/auth/session';
import { localeOf } from '../../../../lib/i18n/locale';
import { failure, json } from '../../../../lib/site/http';
import { getQuizAttempt } from '../../../../lib/site/quizzes';

/** One quiz attempt with its answers and verdicts, in the viewer's language: its owner's, or staff's. */
export async function GET(request: NextRequest, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const viewer = await viewerFromHeaders(request.headers);
    return json({ attempt: await getQuizAttempt(viewer, id, localeOf(request, viewer)) });
  } catch (err) {
    return failure(err);
  }
}
