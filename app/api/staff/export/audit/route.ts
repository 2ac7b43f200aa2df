import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../../lib/auth/session';
import { failure } from '../../../../../lib/site/http';
import { auditQueryFromParams, csvResponse } from '../../../../../lib/staff/http';
import { auditCsv } from '../../../../../lib/staff/overrides';

/** GET: the audit log of overrides as CSV, with the same filters as the page. */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    const viewer = await viewerFromHeaders(request.headers);
    return csvResponse(await auditCsv(viewer, auditQueryFromParams(request.nextUrl.searchParams)), 'deltalab-audit.csv');
  } catch (err) {
    return failure(err);
  }
}
