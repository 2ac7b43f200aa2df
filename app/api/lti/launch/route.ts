import { getAuth } from '../../../../lib/auth/auth';
import { OFFERING_COOKIE } from '../../../../lib/auth/offering';
import { getDb } from '../../../../lib/db';
import { completeLaunch } from '../../../../lib/lti/complete';
import { LtiLaunchError } from '../../../../lib/lti/errors';
import { STATE_COOKIE } from '../../../../lib/lti/login';
import { errorPage, localeOf, newWindowPage } from '../../../../lib/lti/pages';
import { logEvent } from '../../../../lib/log';

function cookie(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(/;\s*/)) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i) === name) return part.slice(i + 1);
  }
  return null;
}

const html = (body: string, status: number) => new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * The LTI launch (OIDC redirect URI): the platform's form post with `id_token` and `state`. A
 * verified launch signs the person in and goes to the item; a refused one ends on a page that says
 * why; a launch whose state cookie the browser dropped offers to continue in a new window.
 */
export async function POST(request: Request): Promise<Response> {
  const locale = localeOf(request.headers.get('accept-language'), request.headers.get('cookie'));
  const form = await request.formData();
  const state = typeof form.get('state') === 'string' ? (form.get('state') as string) : '';
  const idToken = typeof form.get('id_token') === 'string' ? (form.get('id_token') as string) : '';
  const secret = /^[A-Za-z0-9_-]{1,100}$/.test(state) ? cookie(request.headers.get('cookie'), `${STATE_COOKIE}-${state}`) : null;
  try {
    const outcome = await completeLaunch(await getAuth(), await getDb(), { id_token: idToken, state }, secret, { embedded: true });
    const headers = new Headers({ location: outcome.to, 'cache-control': 'no-store' });
    for (const c of outcome.setCookies) headers.append('set-cookie', c);
    headers.append('set-cookie', `${STATE_COOKIE}-${state}=; Path=/api/lti; Max-Age=0; HttpOnly; Secure; SameSite=None`);
    if (outcome.offeringId) headers.append('set-cookie', `${OFFERING_COOKIE}=${outcome.offeringId}; Path=/; Max-Age=31536000; Secure; SameSite=None`);
    return new Response(null, { status: 303, headers });
  } catch (err) {
    if (!(err instanceof LtiLaunchError)) throw err;
    logEvent('warn', 'lti.launch_refused', { code: err.code, detail: err.message });
    if (err.code === 'missing_state' && state && idToken) return html(newWindowPage(locale, `/api/lti/login?relaunch=${encodeURIComponent(state)}`), 200);
    return html(errorPage(locale, err.code), 400);
  }
}

/** A bookmark, a reload after the post, or an LMS that sends a GET: a page that says so, not a bare 405. */
export async function GET(request: Request): Promise<Response> {
  return html(errorPage(localeOf(request.headers.get('accept-language'), request.headers.get('cookie')), 'not_a_launch'), 400);
}
