import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../../lib/auth/session';
import { localeOf } from '../../../../../lib/i18n/locale';
import { AccessError } from '../../../../../lib/site/errors';
import { failure, json, readAuthenticatedJson, refuseCrossSite } from '../../../../../lib/site/http';
import { getQuizAttempts, MAX_SUBMISSION_BYTES, submitQuiz, UnreadableAnswersError } from '../../../../../lib/site/quizzes';

type Ctx = { params: Promise<{ id: string }> };

/** POST: grade the whole quiz and record the attempt; answers with every question's verdict. */
export async function POST(request: NextRequest, ctx: Ctx): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const { id } = await ctx.params;
    // The session first, then at most a quiz's worth of answers (lib/site/http.ts).
    const { viewer, body } = await readAuthenticatedJson(request, MAX_SUBMISSION_BYTES, { tooLarge });
    const attempt = await submitQuiz(viewer, id, body, { locale: localeOf(request, viewer) });
    return json({ attempt });
  } catch (err) {
    // Which answers cannot be read, so the page can mark each one; nothing was recorded.
    if (err instanceof UnreadableAnswersError) return json({ error: err.message, unreadable: err.unreadable }, 400);
    return failure(err);
  }
}

/** The quiz API has always answered an oversized body with 400 and this reason (QuizForm shows it). */
const tooLarge = (max: number) => new AccessError(400, `invalid answers: the body is larger than ${max} bytes`);

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
