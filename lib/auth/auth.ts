import 'server-only';
import path from 'node:path';
import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { nextCookies } from 'better-auth/next-js';
import { getConnection, type Connection } from '../db';
import { dataDir } from '../db/connection';
import { enroll, findOfferingByJoinCode } from '../db/offerings';
import { siteUrl, trustedOrigins } from './config';
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, passwordProblem } from './password-policy';
import { embeddedSessionCookies } from './embedded-cookies';
import { deliverResetLink, resetLinkHours } from './reset-links';
import { authSecret } from './secret';
import { userFieldProblem } from './user-fields';
import { verifiedSignIn } from './verified-sign-in';

export const JOIN_CODE_ERROR = 'INVALID_JOIN_CODE';
export const ACCOUNT_DEACTIVATED = 'ACCOUNT_DEACTIVATED';
export const LOCALE_COOKIE = 'deltalab-locale';

function secretDir(connection: Connection): string {
  return connection.config.kind === 'sqlite' ? path.dirname(connection.config.path) : dataDir();
}

async function isDeactivated(db: Connection['db'], email: string): Promise<boolean> {
  const row = await db
    .selectFrom('account_block')
    .innerJoin('user', 'user.id', 'account_block.user_id')
    .select('account_block.user_id')
    .where('user.email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** better-auth's refusal of a name, email or image over its limit (lib/auth/user-fields.ts). */
function refuseUserFields(fields: Record<string, unknown> | null | undefined): void {
  const problem = userFieldProblem(fields);
  if (problem) throw APIError.from('BAD_REQUEST', { code: problem.code, message: problem.message });
}

/** The password policy (lib/auth/password-policy.ts), before better-auth hashes anything. */
function refusePassword(password: unknown): void {
  const problem = passwordProblem(password);
  if (problem) throw APIError.from('BAD_REQUEST', { code: problem.code, message: problem.message });
}

/**
 * The person chose their own password: the forced change after a temporary one is done. (0/1: the
 * column is an integer on SQLite, and PostgreSQL reads '0' as false.)
 */
async function passwordChosen(db: Connection['db'], userId: string): Promise<void> {
  await db.updateTable('user').set({ mustChangePassword: 0 }).where('id', '=', userId).execute();
}

function localeFromCookie(header: string | null | undefined): string | null {
  const m = /(?:^|;\s*)deltalab-locale=(en|zh)(?:;|$)/.exec(header ?? '');
  return m?.[1] ?? null;
}

/**
 * Accounts and sessions. better-auth shares the site's Kysely connection, so its tables live in
 * the same database and come from the same migrations (lib/db/migrations).
 *
 * - Sign-up needs the course's join code (checked before the user is created) and always makes a
 *   `student`: `role` cannot be set from a request.
 * - Sign-in is rate-limited per client address, counted in the database.
 * - State-changing requests must come from a trusted origin (better-auth's origin check).
 */
export function createAuth(connection: Connection, env: NodeJS.ProcessEnv = process.env) {
  const { db } = connection;
  // Per client address and minute. A class behind one NAT shares an address, hence not 3.
  const perMinute = Math.max(1, Number(env.DELTALAB_SIGNIN_LIMIT) || 20);
  return betterAuth({
    appName: 'deltalab',
    baseURL: siteUrl(env),
    secret: authSecret(secretDir(connection), env),
    trustedOrigins: trustedOrigins(env),
    database: { db, type: connection.authType },
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_CHARS,
      maxPasswordLength: MAX_PASSWORD_CHARS,
      autoSignIn: true,
      // Reset links: e-mailed when SMTP is configured, else handed to the staff member who made one.
      sendResetPassword: async ({ user, token }) => deliverResetLink(user as typeof user & { locale?: unknown }, token, env),
      resetPasswordTokenExpiresIn: resetLinkHours(env) * 3600,
      revokeSessionsOnPasswordReset: true,
      onPasswordReset: async ({ user }) => passwordChosen(db, user.id),
    },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'student', input: false },
        locale: { type: 'string', required: false, input: false },
        mustChangePassword: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * 14,
      updateAge: 60 * 60 * 24,
      // Set by an LTI launch in an LMS frame only (lib/auth/verified-sign-in.ts), read by embeddedSessionCookies.
      additionalFields: { embedded: { type: 'boolean', required: false, input: false } },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 120,
      customRules: {
        '/sign-in/email': { window: 60, max: perMinute },
        '/sign-up/email': { window: 60, max: perMinute },
        // Guessing a current password or a reset token is guessing a password.
        '/change-password': { window: 60, max: perMinute },
        '/reset-password': { window: 60, max: perMinute },
        '/request-password-reset': { window: 60, max: perMinute },
        '/get-session': false,
      },
    },
    advanced: {
      cookiePrefix: 'deltalab',
      // Explicit, so the origin check also runs under NODE_ENV=test (where better-auth would skip it).
      disableOriginCheck: false,
      disableCSRFCheck: false,
      // The rate limits' client address. X-Forwarded-For reaches better-auth holding exactly one
      // address this server vouches for (the socket's peer, or what a trusted proxy reported:
      // lib/site/client-address.ts, DELTALAB_TRUSTED_PROXIES); a request the server could not
      // vouch for has none, and shares one bucket.
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        // A deactivated account (lib/staff/roster.ts) may not sign in. Checked here, before
        // better-auth opens its sign-in transaction: refusing from inside it leaks a PostgreSQL client.
        if (ctx.path === '/sign-in/email') {
          const email = (ctx.body as { email?: unknown } | undefined)?.email;
          if (typeof email === 'string' && (await isDeactivated(db, email))) {
            throw APIError.from('FORBIDDEN', { code: ACCOUNT_DEACTIVATED, message: 'This account has been deactivated. Ask your course staff.' });
          }
          return;
        }
        // Names, emails and images are length-limited before better-auth stores anything.
        if (ctx.path === '/update-user') return refuseUserFields(ctx.body as Record<string, unknown> | undefined);
        if (ctx.path === '/change-password' || ctx.path === '/reset-password' || ctx.path === '/set-password') return refusePassword((ctx.body as { newPassword?: unknown } | undefined)?.newPassword);
        if (ctx.path !== '/sign-up/email') return;
        refuseUserFields(ctx.body as Record<string, unknown> | undefined);
        refusePassword((ctx.body as { password?: unknown } | undefined)?.password);
        const code = (ctx.body as { joinCode?: unknown } | undefined)?.joinCode;
        const offering = typeof code === 'string' ? await findOfferingByJoinCode(db, code) : undefined;
        if (!offering) throw APIError.from('BAD_REQUEST', { code: JOIN_CODE_ERROR, message: 'The join code is not valid.' });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/change-password' || ctx.context.returned instanceof Error) return;
        const userId = ctx.context.session?.user.id;
        if (userId) await passwordChosen(db, userId);
      }),
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user, ctx) => {
            refuseUserFields(user);
            const locale = localeFromCookie(ctx?.request?.headers.get('cookie'));
            return { data: { ...user, locale: user.locale ?? locale } };
          },
          after: async (user, ctx) => {
            const code = (ctx?.body as { joinCode?: unknown } | undefined)?.joinCode;
            if (ctx?.path !== '/sign-up/email' || typeof code !== 'string') return;
            const offering = await findOfferingByJoinCode(db, code);
            if (offering) await enroll(db, user.id, offering.id);
          },
        },
        // Every update of a user row, whichever endpoint asks for it.
        update: {
          before: async (user) => {
            refuseUserFields(user);
            return { data: user };
          },
        },
      },
    },
    // embeddedSessionCookies before nextCookies: Next's cookie store gets the rewritten cookies.
    plugins: [verifiedSignIn(), embeddedSessionCookies(), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const KEY = Symbol.for('deltalab.auth');
type Holder = { [KEY]?: Promise<Auth> };

/** The process's auth instance (shared across Next.js bundles like the database). */
export function getAuth(): Promise<Auth> {
  const holder = globalThis as Holder;
  holder[KEY] ??= getConnection()
    .then((c) => createAuth(c))
    .catch((err: unknown) => {
      delete holder[KEY];
      throw err;
    });
  return holder[KEY];
}

export function resetAuth(): void {
  delete (globalThis as Holder)[KEY];
}
