import { siteUrl, trustedOrigins } from '../../../../../lib/auth/config';
import { viewerFromHeaders } from '../../../../../lib/auth/session';
import { getDb } from '../../../../../lib/db';
import { deepLinkResponse, openDeepLink, refusalOf, settingsOf } from '../../../../../lib/lti/deep-linking';
import { offeringOfContext, placeableItems } from '../../../../../lib/lti/items';
import { autoPostPage, errorPage, localeOf } from '../../../../../lib/lti/pages';

/** The instructor's choice: signed into a deep linking response and posted back to the LMS. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const locale = localeOf(request.headers.get('accept-language'), request.headers.get('cookie'));
  const html = (body: string, status: number) => new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  // The session cookie of an LTI launch is SameSite=None (it must work in the LMS's frame), so this
  // form post checks where it comes from itself: only deltalab's own picker may send it.
  const origin = request.headers.get('origin');
  if ((origin !== null && !trustedOrigins().includes(origin)) || request.headers.get('sec-fetch-site') === 'cross-site') return html(errorPage(locale, 'state_mismatch'), 403);
  const viewer = await viewerFromHeaders(request.headers);
  if (!viewer || viewer.role === 'student') return html(errorPage(locale, 'state_mismatch'), 403);
  const db = await getDb();
  const row = await openDeepLink(db, id, viewer.id);
  if (!row) return html(errorPage(locale, 'state_used'), 400);
  const wanted = new Set((await request.formData()).getAll('item').filter((v): v is string => typeof v === 'string'));
  const choices = (await placeableItems(db, await offeringOfContext(db, row.platform_id, row.context_id), locale)).filter((item) => wanted.has(`${item.kind}:${item.id}`));
  // What the platform does not accept goes back to the picker, which says why; the request stays open.
  const refusal = refusalOf(settingsOf(row), choices);
  if (refusal) return new Response(null, { status: 303, headers: { location: `/lti/deep-link/${encodeURIComponent(id)}?refused=${refusal}`, 'cache-control': 'no-store' } });
  const response = await deepLinkResponse(db, id, viewer.id, choices, `${siteUrl()}/api/lti/launch`);
  if (!response) return html(errorPage(locale, 'state_used'), 400);
  return html(autoPostPage(locale, response.returnUrl, response.jwt), 200);
}
