import { siteUrl } from '../../../../lib/auth/config';
import { getDb } from '../../../../lib/db';
import { LtiLaunchError } from '../../../../lib/lti/errors';
import { loginParamsOf, LOGIN_TTL_MS, startLogin, STATE_COOKIE } from '../../../../lib/lti/login';
import { errorPage, localeOf } from '../../../../lib/lti/pages';

/**
 * OIDC third-party login initiation (GET or POST, as the platform chooses). `relaunch=<state>`
 * starts an earlier login again, from a new top-level window, when the frame's cookies were blocked.
 */
async function initiate(request: Request, params: Record<string, string>): Promise<Response> {
  const db = await getDb();
  const locale = localeOf(request.headers.get('accept-language'), request.headers.get('cookie'));
  try {
    const source = params.relaunch ? await loginParamsOf(db, params.relaunch) : params;
    const start = await startLogin(db, source ?? {}, `${siteUrl()}/api/lti/launch`);
    const headers = new Headers({ location: start.redirectUrl, 'cache-control': 'no-store' });
    // SameSite=None; Secure: the id_token comes back as a cross-site POST from the LMS.
    headers.append('set-cookie', `${STATE_COOKIE}-${start.state}=${start.browserSecret}; Path=/api/lti; Max-Age=${LOGIN_TTL_MS / 1000}; HttpOnly; Secure; SameSite=None`);
    return new Response(null, { status: 302, headers });
  } catch (err) {
    if (!(err instanceof LtiLaunchError)) throw err;
    return new Response(errorPage(locale, err.code), { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
}

export async function GET(request: Request): Promise<Response> {
  return initiate(request, Object.fromEntries(new URL(request.url).searchParams));
}

export async function POST(request: Request): Promise<Response> {
  const form = await request.formData();
  const params = Object.fromEntries([...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'));
  return initiate(request, params);
}
