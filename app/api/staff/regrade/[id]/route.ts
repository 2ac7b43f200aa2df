import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../../lib/auth/session';
import { failure, json } from '../../../../../lib/site/http';
import { getRegradeRun } from '../../../../../lib/staff/regrade';

/** GET: one run's progress (done of total, status), for the progress bar. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    return json({ run: await getRegradeRun(await viewerFromHeaders(request.headers), id) });
  } catch (err) {
    return failure(err);
  }
}
