import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';

/** The part of better-auth's endpoint context this hook reads (kept narrow: its types are deep). */
interface HookContext {
  context: {
    authCookies: { sessionToken: { name: string }; sessionData: { name: string }; dontRememberToken: { name: string } };
    session?: { session: Record<string, unknown> } | null;
    newSession?: { session: Record<string, unknown> } | null;
    responseHeaders?: Headers;
  };
}

/** One Set-Cookie line made cross-site: `SameSite=None` in place of any other, and `Secure`. */
export function crossSite(setCookie: string): string {
  const parts = setCookie.split(/;\s*/).filter((p) => !/^(samesite|secure)(=|$)/i.test(p));
  return [...parts, 'Secure', 'SameSite=None'].join('; ');
}

/** Whether a better-auth session was opened by an LTI launch in an LMS frame (SQLite stores 1, PostgreSQL true). */
export const isEmbeddedSession = (s: { session: Record<string, unknown> } | null | undefined): boolean => !!s && (s.session.embedded === true || s.session.embedded === 1);
const isEmbedded = isEmbeddedSession;

/**
 * Keeps an embedded session embedded. A session opened by an LTI launch inside an LMS's iframe
 * (lib/auth/verified-sign-in.ts, `session.embedded`) has a `SameSite=None; Secure` cookie: there
 * deltalab is a third party, and a Lax cookie is neither sent nor accepted. better-auth sets the
 * session cookies again with its own attributes (Lax) when it refreshes the session after
 * `updateAge` and when an account change re-issues them; inside the frame that would end the
 * session the next day. This hook rewrites every session Set-Cookie of an embedded session, from
 * any endpoint, over HTTP or `auth.api`, to `SameSite=None; Secure`; other sessions keep Lax. It
 * must come before `nextCookies()` (which copies the response's cookies into Next's store).
 */
export function embeddedSessionCookies() {
  return {
    id: 'deltalab-embedded-session-cookies',
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (raw) => {
            const ctx = raw as unknown as HookContext;
            const headers = ctx.context.responseHeaders;
            if (!headers || !(isEmbedded(ctx.context.newSession) || isEmbedded(ctx.context.session))) return;
            const { sessionToken, sessionData, dontRememberToken } = ctx.context.authCookies;
            const names = [sessionToken.name, sessionData.name, dontRememberToken.name];
            const ours = (line: string) => names.some((n) => line.startsWith(`${n}=`) || line.startsWith(`${n}.`));
            const lines = headers.getSetCookie();
            if (!lines.some(ours)) return;
            headers.delete('set-cookie');
            for (const line of lines) headers.append('set-cookie', ours(line) ? crossSite(line) : line);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
