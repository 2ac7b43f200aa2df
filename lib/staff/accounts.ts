import 'server-only';
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { getAuth } from '../auth/auth';
import { captureResetLink, resetLinkHours } from '../auth/reset-links';
import { ROLES, type Role, type Viewer } from '../auth/roles';
import { getConnection } from '../db';
import type { Database } from '../db/schema';
import { AccessError } from '../site/errors';
import { parseInput, requireInstructor, requireStaff } from './access';

/**
 * Every account, for instructors: global roles (student, staff, instructor), deactivation (the
 * account can no longer sign in; its work and grades stay: nothing is deleted) and password reset
 * links. Staff may make reset links for students (the roster page); everything else here is the
 * instructors'. The site never runs without an instructor: a change that would leave no active
 * instructor is refused, whoever makes it.
 */

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  deactivated: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

/** Refused: the change would leave the site without an active instructor. */
export class LastInstructorError extends AccessError {
  readonly code = 'LAST_INSTRUCTOR';
  constructor() {
    super(400, 'this is the last active instructor: make someone else an instructor first');
  }
}

const asRole = (r: string | null): Role => ((ROLES as readonly string[]).includes(r ?? '') ? (r as Role) : 'student');

export async function listAccounts(viewer: Viewer | null): Promise<AccountRow[]> {
  requireInstructor(viewer);
  const { db } = await getConnection();
  const [users, blocks] = await Promise.all([
    db.selectFrom('user').select(['id', 'name', 'email', 'role', 'mustChangePassword', 'createdAt']).execute(),
    db.selectFrom('account_block').select('user_id').execute(),
  ]);
  const blocked = new Set(blocks.map((b) => b.user_id));
  const order: Record<Role, number> = { instructor: 0, staff: 1, student: 2 };
  return users
    .map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: asRole(u.role),
      deactivated: blocked.has(u.id),
      mustChangePassword: Boolean(u.mustChangePassword),
      createdAt: new Date(u.createdAt).toISOString(),
    }))
    .sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

const RoleInput = z.object({ userId: z.string().min(1).max(100), role: z.enum(ROLES) });
const UserInput = z.object({ userId: z.string().min(1).max(100) });

async function requireUser(db: Kysely<Database>, userId: string) {
  const user = await db.selectFrom('user').select(['id', 'email', 'name', 'role', 'locale']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AccessError(404, 'no such account');
  return user;
}

/**
 * Runs `change` in a transaction that fails when it leaves no active instructor. On PostgreSQL the
 * instructors' rows are locked first, so two instructors demoting each other at once cannot both
 * pass the count; SQLite runs one write transaction at a time anyway.
 */
async function keepingAnInstructor(change: (trx: Transaction<Database>) => Promise<void>): Promise<void> {
  const connection = await getConnection();
  await connection.db.transaction().execute(async (trx) => {
    if (connection.config.kind === 'postgres') await sql`select id from "user" where role = 'instructor' for update`.execute(trx);
    await change(trx);
    const left = await trx
      .selectFrom('user')
      .leftJoin('account_block', 'account_block.user_id', 'user.id')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('user.role', '=', 'instructor')
      .where('account_block.user_id', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(left.n) === 0) throw new LastInstructorError();
  });
}

export async function setAccountRole(viewer: Viewer | null, input: unknown): Promise<{ email: string; role: Role }> {
  requireInstructor(viewer);
  const { userId, role } = parseInput(RoleInput, input);
  const { db } = await getConnection();
  const user = await requireUser(db, userId);
  await keepingAnInstructor(async (trx) => {
    await trx.updateTable('user').set({ role }).where('id', '=', user.id).execute();
  });
  return { email: user.email, role };
}

/** The account can no longer sign in and its sessions end; its work and grades stay. */
export async function deactivateAccount(viewer: Viewer | null, input: unknown): Promise<void> {
  const who = requireInstructor(viewer);
  const { userId } = parseInput(UserInput, input);
  const { db } = await getConnection();
  const user = await requireUser(db, userId);
  await keepingAnInstructor(async (trx) => {
    await trx
      .insertInto('account_block')
      .values({ user_id: user.id, by_user_id: who.id, created_at: Date.now() })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    await trx.deleteFrom('session').where('userId', '=', user.id).execute();
  });
}

export async function reactivateAccount(viewer: Viewer | null, input: unknown): Promise<void> {
  requireInstructor(viewer);
  const { userId } = parseInput(UserInput, input);
  const { db } = await getConnection();
  await requireUser(db, userId);
  await db.deleteFrom('account_block').where('user_id', '=', userId).execute();
}

export interface ResetLinkResult {
  email: string;
  /** The one-time link to pass on, when it was not e-mailed. */
  link: string | null;
  emailed: boolean;
  hours: number;
}

/**
 * A one-time password reset link for someone (better-auth's requestPasswordReset): e-mailed to them
 * when SMTP is configured, otherwise returned to pass on. Staff make links for students,
 * instructors for anyone but themselves (they change their own password on /account/password).
 */
export async function createResetLink(viewer: Viewer | null, input: unknown): Promise<ResetLinkResult> {
  const who = requireStaff(viewer);
  const { userId } = parseInput(UserInput, input);
  const { db } = await getConnection();
  const user = await requireUser(db, userId);
  if (who.role !== 'instructor' && asRole(user.role) !== 'student') throw new AccessError(403, 'only instructors can reset the password of a staff account');
  if (user.id === who.id) throw new AccessError(400, 'change your own password on the password page');
  const auth = await getAuth();
  const result = await captureResetLink(() => auth.api.requestPasswordReset({ body: { email: user.email } }));
  if (!result.link && !result.emailed) throw new Error('better-auth made no reset link');
  return { email: user.email, link: result.link ?? null, emailed: Boolean(result.emailed), hours: resetLinkHours() };
}
