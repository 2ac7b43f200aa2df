import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../../lib/auth/session';
import { localeOf } from '../../../../../lib/i18n/locale';
import { AccessError } from '../../../../../lib/site/errors';
import { failure, json, refuseCrossSite } from '../../../../../lib/site/http';
import { getQuizAttempts, MAX_SUBMISSION_BYTES, submitQuiz, UnreadableAnswersError } from '../../../../../lib/site/quizzes';

type Ctx = { params: Promise<{ id: string }> };

/** POST: grade the whole quiz and record the attempt; answers with every question's verdict. */
export async function POST(request: NextRequest, ctx: Ctx): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const { id } = await ctx.params;
    const viewer = await viewerFromHeaders(request.headers);
    if (!viewer) throw new AccessError(401, 'sign in first');
    const attempt = await submitQuiz(viewer, id, await readBoundedJson(request), { locale: localeOf(request, viewer) });
    return json({ attempt });
  } catch (err) {
    // Which answers cannot be read, so the page can mark each one; nothing was recorded.
    if (err instanceof UnreadableAnswersError) return json({ error: err.message, unreadable: err.unreadable }, 400);
    return failure(err);
  }
}

/** GET: the viewer's own attempts at this quiz, newest first. */
export async function GET(request: NextRequest, ctx: Ctx): Promise<Response> {
  try {
    const { id } = await ctx.params;
    const viewer = await viewerFromHeaders(request.headers);
    return json({ attempts: await getQuizAttempts(viewer, id) });
  } catch (err) {
    return failure(err);
  }
}

/** The body as JSON, refusing anything larger than a quiz's answers can be before parsing it. */
async function readBoundedJson(request: Request): Promise<unknown> {
  const tooLarge = () => new AccessError(400, `invalid answers: the body is larger than ${MAX_SUBMISSION_BYTES} bytes`);
  if (Number(request.headers.get('content-length') ?? '0') > MAX_SUBMISSION_BYTES) throw tooLarge();
  // Read the stream ourselves: a chunked body has no length to check up front.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_SUBMISSION_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new AccessError(400, 'invalid JSON');
  }
}
