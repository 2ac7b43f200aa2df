import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { messages } from '../i18n/catalog';
import { format } from '../i18n/format';
import { isLocale } from '../i18n/locale';
import { siteUrl } from './config';
import { sendMail, smtpConfigured } from './mail';

/**
 * Password reset links, built on better-auth's requestPasswordReset / resetPassword: its token is
 * random, stored in the `verification` table, expires, and is consumed by the reset (so it works
 * once). better-auth hands each new link to `deliverResetLink`, which sends it by e-mail when SMTP
 * is configured (lib/auth/mail.ts) and otherwise gives it back to the staff member who asked for it
 * (`captureResetLink`), who passes it on. A request from the public "forgot password" form without
 * SMTP delivers nowhere: the person is told to ask their course staff.
 */

export function resetLinkHours(env: NodeJS.ProcessEnv = process.env): number {
  const hours = Number(env.DELTALAB_RESET_LINK_HOURS);
  return Number.isFinite(hours) && hours > 0 && hours <= 24 * 14 ? hours : 48;
}

/** The page a reset link opens (app/reset-password). */
export function resetLink(token: string, env: NodeJS.ProcessEnv = process.env): string {
  return `${siteUrl(env)}/reset-password?token=${encodeURIComponent(token)}`;
}

type Capture = { link?: string; emailed?: boolean };
const capture = new AsyncLocalStorage<Capture>();

/** Runs `request` (a requestPasswordReset call) and returns the link it made, or that it was e-mailed. */
export async function captureResetLink(request: () => Promise<unknown>): Promise<Capture> {
  const slot: Capture = {};
  await capture.run(slot, request);
  return slot;
}

export interface ResetUser {
  email: string;
  name: string;
  locale?: unknown;
}

export async function deliverResetLink(user: ResetUser, token: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const link = resetLink(token, env);
  const slot = capture.getStore();
  if (smtpConfigured(env)) {
    const t = messages(isLocale(user.locale) ? user.locale : 'en').account;
    const hours = resetLinkHours(env);
    await sendMail({ to: user.email, subject: t.mailSubject, text: format(t.mailBody, { name: user.name, link, hours }) }, env);
    if (slot) slot.emailed = true;
    return;
  }
  if (slot) slot.link = link;
}

/** Whether a reset token is still usable (unused and unexpired), so the page can say so up front. */
export async function resetTokenIsLive(db: Kysely<Database>, token: string): Promise<boolean> {
  if (!token || token.length > 200) return false;
  const row = await db.selectFrom('verification').select('expiresAt').where('identifier', '=', `reset-password:${token}`).executeTakeFirst();
  return row !== undefined && new Date(row.expiresAt).getTime() > Date.now();
}
