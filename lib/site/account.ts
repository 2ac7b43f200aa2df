import 'server-only';
import { getAuth } from '../auth/auth';
import { siteUrl } from '../auth/config';
import { canCreateAccounts, isCourseStaff, type Viewer } from '../auth/roles';
import { createAccount, NewAccount } from '../auth/users';
import { getDb } from '../db';
import { getDefaultOffering, getOffering } from '../db/offerings';
import type { Locale } from '../i18n/catalog';
import { AccessError } from './errors';

export function cookiesAreSecure(): boolean {
  return siteUrl().startsWith('https://');
}

/** Remembers a signed-in person's language. */
export async function saveLocale(viewer: Viewer, locale: Locale): Promise<void> {
  const db = await getDb();
  await db.updateTable('user').set({ locale }).where('id', '=', viewer.id).execute();
}

/** Instructors create instructor and staff accounts (and may create students by hand). */
export async function createAccountAsInstructor(viewer: Viewer | null, input: unknown): Promise<{ email: string; role: string }> {
  if (!viewer) throw new AccessError(401, 'sign in first');
  if (!canCreateAccounts(viewer)) throw new AccessError(403, 'only instructors can create accounts');
  const parsed = NewAccount.safeParse(input);
  if (!parsed.success) throw new AccessError(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const account = await createAccount(await getAuth(), await getDb(), parsed.data);
  return { email: account.email, role: account.role };
}

/** The current offering's join code, for its staff only. */
export async function getJoinCode(viewer: Viewer | null): Promise<string | null> {
  if (!viewer || !isCourseStaff(viewer)) return null;
  const db = await getDb();
  const offering = viewer.offering ? await getOffering(db, viewer.offering.id) : await getDefaultOffering(db);
  return offering?.join_code ?? null;
}
