import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthEndpoint } from 'better-auth/api';
import { setSessionCookie } from 'better-auth/cookies';
import { z } from 'zod';

/**
 * Signs in a user whose identity the server has already verified by other means (an LTI launch:
 * lib/lti). A server-only endpoint: better-auth never routes it over HTTP, so only server code can
 * call `auth.api.signInVerifiedUser`. The session is better-auth's own (same table, same signed
 * cookie), so everything that reads sessions works unchanged.
 *
 * `embedded` makes the cookie `SameSite=None; Secure`: inside an LMS's iframe deltalab is a third
 * party, and a Lax cookie would not be sent back. The session remembers it (`session.embedded`).
 */
export function verifiedSignIn() {
  return {
    id: 'deltalab-verified-sign-in',
    endpoints: {
      signInVerifiedUser: createAuthEndpoint.serverOnly(
        { method: 'POST', body: z.object({ userId: z.string().min(1), embedded: z.boolean() }) },
        async (ctx) => {
          const user = await ctx.context.internalAdapter.findUserById(ctx.body.userId);
          if (!user) throw APIError.from('NOT_FOUND', { code: 'USER_NOT_FOUND', message: 'no such user' });
          // `embedded` is kept with the session, so every later re-set of its cookie stays cross-site
          // (lib/auth/embedded-cookies.ts). overrideAll: better-auth's field defaults come after overrides.
          const session = await ctx.context.internalAdapter.createSession(user.id, false, { embedded: ctx.body.embedded }, true);
          const overrides = ctx.body.embedded ? { sameSite: 'none' as const, secure: true } : undefined;
          await setSessionCookie(ctx, { session, user }, false, overrides);
          return ctx.json({ userId: user.id });
        },
      ),
    },
  } satisfies BetterAuthPlugin;
}
