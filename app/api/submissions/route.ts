import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../lib/auth/session';
import { localeOf } from '../../../lib/i18n/locale';
import { MAX_CODE_BYTES } from '../../../lib/site/code-limits';
import { bodyLimitForCode, failure, json, readAuthenticatedJson, refuseCrossSite } from '../../../lib/site/http';
import { getAttempts, submit } from '../../../lib/site/submissions';

/**
 * POST: record a submission and have it graded (in this process on SQLite, by a grading worker on
 * PostgreSQL). 200 with the verdict when grading finishes within a moment, 202 with the
 * submission still in flight otherwise (poll GET /api/submissions/{id}).
 */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    const t0 = performance.now();
    // The session first, then at most so many bytes of body (lib/site/http.ts).
    const { viewer, body } = await readAuthenticatedJson(request, bodyLimitForCode(MAX_CODE_BYTES));
    const t1 = performance.now();
    const { submission } = await submit(viewer, body, { locale: localeOf(request, viewer) });
    const t2 = performance.now();
    const response = json({ submission }, submission.result ? 200 : 202);
    // Where a submission's time went, for the browser's network panel and the benchmark.
    response.headers.set('server-timing', `auth;dur=${(t1 - t0).toFixed(1)}, submit;dur=${(t2 - t1).toFixed(1)}`);
    return response;
  } catch (err) {
    return failure(err);
  }
}

/** GET ?exercise=<id>: the viewer's attempts at one exercise, newest first. */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    const viewer = await viewerFromHeaders(request.headers);
    const attempts = await getAttempts(viewer, request.nextUrl.searchParams.get('exercise') ?? '');
    return json({ attempts });
  } catch (err) {
    return failure(err);
  }
}
