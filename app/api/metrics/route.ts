import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../lib/auth/session';
import { failure } from '../../../lib/site/http';
import { authorizeMetrics, metricsText } from '../../../lib/site/metrics';

export const dynamic = 'force-dynamic';

/** GET: Prometheus text format. Course staff, or `Authorization: Bearer $METRICS_TOKEN`. */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    const authorization = request.headers.get('authorization');
    authorizeMetrics(authorization ? null : await viewerFromHeaders(request.headers), authorization);
    return new Response(await metricsText(), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' } });
  } catch (err) {
    return failure(err);
  }
}
