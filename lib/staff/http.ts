import 'server-only';
import type { GradebookQuery } from './gradebook';

/** The gradebook's filters as they travel in a URL (the page's form and the CSV link share them). */
export function gradebookQueryFromParams(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, unknown> {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    return (Array.isArray(v) ? v[0] : v) ?? undefined;
  };
  return {
    section: get('section') || undefined,
    student: get('student') || undefined,
    unfinished: get('unfinished') === '1',
    countLate: get('late') !== '0',
    sort: get('sort') || undefined,
  } satisfies Partial<Record<keyof GradebookQuery, unknown>>;
}

/**
 * The audit log's filters as they travel in a URL. Dates are whole UTC days (YYYY-MM-DD), `to`
 * inclusive; anything unreadable is left out rather than refused, as a filter form would.
 */
export function auditQueryFromParams(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, unknown> {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    return ((Array.isArray(v) ? v[0] : v) ?? '').trim() || undefined;
  };
  const day = (v: string | undefined) => {
    if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
    const ms = Date.parse(`${v}T00:00:00Z`);
    return Number.isFinite(ms) ? ms : undefined;
  };
  const to = day(get('to'));
  return {
    student: get('student')?.slice(0, 200),
    item: get('item')?.slice(0, 100),
    by: get('by')?.slice(0, 200),
    from: day(get('from')),
    to: to === undefined ? undefined : to + 86_400_000 - 1,
  };
}

/** A CSV download: named, never cached, never sniffed as HTML. */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
