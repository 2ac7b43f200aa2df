import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../lib/auth/session';
import { failure, json, readAuthenticatedJson, refuseCrossSite } from '../../../../lib/site/http';
import { listRegradeRuns, startRegrade } from '../../../../lib/staff/regrade';

/** POST {exerciseId, userId?}: start a regrade run in the background (202 with the run). */
export async function POST(request: NextRequest): Promise<Response> {
  const refused = refuseCrossSite(request);
  if (refused) return refused;
  try {
    // {exerciseId, userId?}: a few hundred bytes; 16 kB is generous.
    const { viewer, body } = await readAuthenticatedJson(request, 16 * 1024);
    return json({ run: await startRegrade(viewer, body) }, 202);
  } catch (err) {
    return failure(err);
  }
}

/** GET: the latest runs with their progress. */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    return json({ runs: await listRegradeRuns(await viewerFromHeaders(request.headers)) });
  } catch (err) {
    return failure(err);
  }
}
