import { NextResponse, type NextRequest } from 'next/server';
import { trustedOrigins } from './lib/auth/config';

/**
 * The door of the course staff's pages and APIs: a student gets 403, an anonymous visitor is sent
 * to sign in (401 for an API). Instructor-only pages (authoring, preview) refuse staff too. This
 * is the first check, not the only one: every page, action and API in lib/staff checks the viewer
 * again, since a server action can be posted to any URL.
 *
 * The session is read through the site's own auth endpoint, so the proxy stays free of the
 * database driver. The request's Host header is the client's to choose: the session is only ever
 * asked of `DELTALAB_INTERNAL_URL` or of a trusted origin, never of a host a request names, or a
 * forged Host could send the cookie elsewhere and answer with any role it likes.
 */
export const config = { matcher: ['/staff/:path*', '/api/staff/:path*'] };

const INSTRUCTOR_ONLY = [/^\/staff\/authoring(\/|$)/, /^\/staff\/preview(\/|$)/, /^\/api\/staff\/try(\/|$)/, /^\/staff\/accounts(\/|$)/];

export async function sessionRole(request: NextRequest): Promise<string | null> {
  const cookie = request.headers.get('cookie');
  if (!cookie) return null;
  const base = sessionBase(request);
  if (!base) throw new Error(`requests for ${request.nextUrl.origin} are not served here (see TRUSTED_ORIGINS)`);
  const res = await fetch(new URL('/api/auth/get-session', base), { headers: { cookie }, cache: 'no-store', redirect: 'error' });
  if (!res.ok) return null;
  const body = (await res.json().catch(() => null)) as { user?: { role?: unknown } } | null;
  if (!body?.user) return null;
  return typeof body.user.role === 'string' ? body.user.role : 'student';
}

/** Where the proxy may ask for the session: the configured internal address, or a trusted origin. */
export function sessionBase(request: NextRequest, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.DELTALAB_INTERNAL_URL) return env.DELTALAB_INTERNAL_URL;
  const origin = request.nextUrl.origin;
  return trustedOrigins(env).includes(origin) ? origin : null;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const path = request.nextUrl.pathname;
  const api = path.startsWith('/api/');
  let role: string | null;
  try {
    role = await sessionRole(request);
  } catch (err) {
    // Refuse rather than guess when the session cannot be read.
    console.error('[deltalab] proxy could not read the session:', err);
    return NextResponse.json({ error: 'could not check the session' }, { status: 503 });
  }
  if (role === null) {
    if (api) return NextResponse.json({ error: 'sign in first' }, { status: 401 });
    const url = new URL('/sign-in', request.nextUrl.origin);
    url.searchParams.set('next', path);
    return NextResponse.redirect(url);
  }
  const allowed = INSTRUCTOR_ONLY.some((re) => re.test(path)) ? role === 'instructor' : role === 'instructor' || role === 'staff';
  if (!allowed) {
    return api ? NextResponse.json({ error: 'forbidden' }, { status: 403 }) : new NextResponse('403 Forbidden: this page is for course staff only.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  return NextResponse.next();
}
