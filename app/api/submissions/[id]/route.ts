import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../lib/auth/session';
import { failure, json } from '../../../../lib/site/http';
import { getSubmission } from '../../../../lib/site/submissions';

/** One submission with its code and feedback, for its own student (or course staff); else 404. */
export async function GET(request: NextRequest, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const viewer = await viewerFromHeaders(request.headers);
    return json({ submission: await getSubmission(viewer, id) });
  } catch (err) {
    return failure(err);
  }
}
