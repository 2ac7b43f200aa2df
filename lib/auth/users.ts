import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db';
import { enroll, getDefaultOffering } from '../db/offerings';
import type { Auth } from './auth';
import { ROLES, type Role } from './roles';
import { MAX_EMAIL_CHARS, MAX_NAME_CHARS } from './user-fields';

export const NewAccount = z.object({
  email: z.email().max(MAX_EMAIL_CHARS),
  password: z.string().min(8).max(128),
  name: z.string().trim().min(1).max(MAX_NAME_CHARS),
  role: z.enum(ROLES),
  /** The offering to join (with the matching role there); the first offering when absent. */
  offeringId: z.string().min(1).max(64).optional(),
});
export type NewAccount = z.infer<typeof NewAccount>;

/**
 * Creates an account of any role, a member of an offering: for the command line, the first start's
 * demo instructor and instructors adding staff. Sign-up from the web only ever makes students.
 */
export async function createAccount(auth: Auth, db: Kysely<Database>, input: NewAccount): Promise<{ id: string; email: string; role: Role }> {
  const account = NewAccount.parse(input);
  const ctx = await auth.$context;
  const email = account.email.toLowerCase();
  if (await ctx.internalAdapter.findUserByEmail(email)) throw new Error(`an account for ${email} already exists`);
  const hash = await ctx.password.hash(account.password);
  const user = await ctx.internalAdapter.createUser({ email, name: account.name, role: account.role, emailVerified: false }, { method: 'admin' });
  await ctx.internalAdapter.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
  const offeringId = account.offeringId ?? (await getDefaultOffering(db))?.id;
  if (offeringId) await enroll(db, user.id, offeringId, account.role === 'instructor' ? 'instructor' : account.role === 'staff' ? 'ta' : 'student');
  return { id: user.id, email, role: account.role };
}
