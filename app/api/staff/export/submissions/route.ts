import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../../lib/auth/session';
import { failure } from '../../../../../lib/site/http';
import { submissionsCsv } from '../../../../../lib/staff/export';
import { csvResponse } from '../../../../../lib/staff/http';

/** GET: one row per submission as CSV (columns: README.md, "Course staff"). */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    return csvResponse(await submissionsCsv(await viewerFromHeaders(request.headers)), 'deltalab-submissions.csv');
  } catch (err) {
    return failure(err);
  }
}
