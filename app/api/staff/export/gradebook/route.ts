import type { NextRequest } from 'next/server';
import { viewerFromHeaders } from '../../../../../lib/auth/session';
import { failure } from '../../../../../lib/site/http';
import { parseInput } from '../../../../../lib/staff/access';
import { gradebookCsv } from '../../../../../lib/staff/export';
import { GradebookQuery } from '../../../../../lib/staff/gradebook';
import { csvResponse, gradebookQueryFromParams } from '../../../../../lib/staff/http';

/** GET: the gradebook as CSV, with the same filters as the page (columns: README.md, "Course staff"). */
export async function GET(request: NextRequest): Promise<Response> {
  try {
    const viewer = await viewerFromHeaders(request.headers);
    const query = parseInput(GradebookQuery, gradebookQueryFromParams(request.nextUrl.searchParams));
    return csvResponse(await gradebookCsv(viewer, query), 'deltalab-gradebook.csv');
  } catch (err) {
    return failure(err);
  }
}
