import 'server-only';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { SECTION_IDS } from '../content/sections';
import { getDb } from '../db';
import { newId } from '../db/ids';
import { LatePolicy, parseLatePolicy } from '../db/late-policy';
import type { WindowTargetKind } from '../db/schema';
import { messages, type Locale } from '../i18n/catalog';
import { format } from '../i18n/format';
import { fromLocalInput, ZonedTimeError } from '../i18n/time-zone';
import { getQuizCatalog } from '../quiz/loader';
import { AccessError } from '../site/errors';
import { offeringZone } from '../site/item-dates';
import { parseInput, requireStaffOffering } from './access';

/**
 * Dates and rules per section, assignment, exercise or quiz of an offering (item_window), set by
 * staff, and per-student extensions. Dates arrive either as UTC epoch milliseconds or as wall
 * clocks ("2027-03-14T09:30", a datetime-local value) read in the offering's time zone
 * (lib/i18n/time-zone.ts). The merging and the enforcement are lib/db/windows.ts and
 * lib/site/item-dates.ts: the server's clock decides.
 */

// Reading dates is shared with the student path, which must not import lib/staff.
export { markLateIfDue, submissionWindow, type SubmissionWindow } from '../db/deadlines';

/** Epoch ms, a wall clock in the offering's zone, or null/empty (not set). */
const DateField = z.union([z.number().int().nonnegative(), z.string().max(40)]).nullable().optional();

export const DeadlineInput = z.object({
  kind: z.enum(['exercise', 'quiz', 'section', 'assignment']),
  targetId: z.string().min(1).max(100),
  opensAt: DateField,
  dueAt: DateField,
  closeAt: DateField,
  latePolicy: LatePolicy.nullable().optional(),
  maxAttempts: z.number().int().min(1).max(1000).nullable().optional(),
  counts: z.enum(['best', 'last']).nullable().optional(),
});

type Opts = { locale?: Locale };

/** A date field as UTC ms, reading a wall clock in `zone`; a skipped time is refused in words. */
function toMillis(value: number | string | null | undefined, zone: string, locale: Locale): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (value.trim() === '') return null;
  try {
    return fromLocalInput(value, zone);
  } catch (err) {
    if (!(err instanceof ZonedTimeError)) throw err;
    const t = messages(locale).dates.staff;
    throw new AccessError(400, err.reason === 'nonexistent' ? format(t.nonexistent, { value: value.replace('T', ' '), zone }) : format(t.invalidDate, { value }));
  }
}

async function requireTarget(offeringId: string, kind: WindowTargetKind, id: string): Promise<void> {
  const known =
    kind === 'exercise'
      ? getCatalog().byId.has(id)
      : kind === 'quiz'
        ? getQuizCatalog().byId.has(id)
        : kind === 'section'
          ? (SECTION_IDS as readonly string[]).includes(id)
          : (await (await getDb()).selectFrom('assignment').select('id').where('id', '=', id).where('offering_id', '=', offeringId).executeTakeFirst()) !== undefined;
  if (!known) throw new AccessError(404, `no such ${kind}`);
}

export async function setDeadline(viewer: Viewer | null, input: unknown, opts: Opts = {}): Promise<void> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(DeadlineInput, input);
  await requireTarget(offeringId, data.kind, data.targetId);
  const db = await getDb();
  const zone = await offeringZone(db, offeringId);
  const locale = opts.locale ?? 'en';
  const opensAt = toMillis(data.opensAt, zone, locale);
  const dueAt = toMillis(data.dueAt, zone, locale);
  const closeAt = toMillis(data.closeAt, zone, locale);
  if (opensAt !== null && dueAt !== null && opensAt >= dueAt) throw new AccessError(400, 'dueAt: the due date must come after the open date');
  if (dueAt !== null && closeAt !== null && closeAt < dueAt) throw new AccessError(400, 'closeAt: the close date must not come before the due date');
  if (opensAt !== null && closeAt !== null && closeAt <= opensAt) throw new AccessError(400, 'closeAt: the close date must come after the open date');
  const values = {
    opens_at: opensAt,
    due_at: dueAt,
    close_at: closeAt,
    late_policy: data.latePolicy ? JSON.stringify(data.latePolicy) : null,
    max_attempts: data.maxAttempts ?? null,
    counts: data.counts ?? null,
  };
  const where = db.deleteFrom('item_window').where('offering_id', '=', offeringId).where('target_kind', '=', data.kind).where('target_id', '=', data.targetId);
  if (Object.values(values).every((v) => v === null)) {
    await where.execute();
    return;
  }
  const stamped = { ...values, updated_by: who.id, updated_at: Date.now() };
  await db
    .insertInto('item_window')
    .values({ offering_id: offeringId, target_kind: data.kind, target_id: data.targetId, ...stamped })
    .onConflict((oc) => oc.columns(['offering_id', 'target_kind', 'target_id']).doUpdateSet(stamped))
    .execute();
}

export interface DeadlineDTO {
  kind: WindowTargetKind;
  targetId: string;
  opensAt: number | null;
  dueAt: number | null;
  closeAt: number | null;
  latePolicy: LatePolicy | null;
  maxAttempts: number | null;
  counts: 'best' | 'last' | null;
}

const KIND_ORDER: Record<WindowTargetKind, number> = { section: 0, assignment: 1, exercise: 2, quiz: 3 };
const num = (v: number | string | null) => (v === null ? null : Number(v));

/** Every rule of the current offering: sections, assignments, exercises and quizzes. */
export async function listDeadlines(viewer: Viewer | null): Promise<DeadlineDTO[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const rows = await (await getDb()).selectFrom('item_window').selectAll().where('offering_id', '=', offeringId).execute();
  return rows
    .map((r) => ({
      kind: r.target_kind,
      targetId: r.target_id,
      opensAt: num(r.opens_at),
      dueAt: num(r.due_at),
      closeAt: num(r.close_at),
      latePolicy: parseLatePolicy(r.late_policy),
      maxAttempts: r.max_attempts === null ? null : Number(r.max_attempts),
      counts: r.counts,
    }))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.targetId.localeCompare(b.targetId));
}

// --- Extensions ---

export const ExtensionInput = z.object({
  kind: z.enum(['exercise', 'quiz', 'section', 'assignment']),
  targetId: z.string().min(1).max(100),
  /** Emails or student numbers, separated by commas, semicolons, spaces or new lines. */
  students: z.string().min(1).max(20_000),
  dueAt: DateField,
  closeAt: DateField,
  reason: z.string().trim().min(1).max(500),
});

/**
 * Gives one student or a group their own due and close dates for an item: one row per student,
 * written together. Every name must be an active student of the offering, or nothing is written.
 */
export async function grantExtension(viewer: Viewer | null, input: unknown, opts: Opts = {}): Promise<{ granted: number }> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(ExtensionInput, input);
  await requireTarget(offeringId, data.kind, data.targetId);
  const db = await getDb();
  const locale = opts.locale ?? 'en';
  const zone = await offeringZone(db, offeringId);
  const dueAt = toMillis(data.dueAt, zone, locale);
  const closeAt = toMillis(data.closeAt, zone, locale);
  if (dueAt === null && closeAt === null) throw new AccessError(400, 'dueAt: an extension needs a due or a close date');
  if (dueAt !== null && closeAt !== null && closeAt < dueAt) throw new AccessError(400, 'closeAt: the close date must not come before the due date');

  const wanted = [...new Set(data.students.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
  const members = await db
    .selectFrom('offering_member')
    .innerJoin('user', 'user.id', 'offering_member.user_id')
    .leftJoin('roster_entry', (j) => j.onRef('roster_entry.email', '=', 'user.email').on('roster_entry.offering_id', '=', offeringId))
    .select(['user.id', 'user.email', 'roster_entry.student_number'])
    .where('offering_member.offering_id', '=', offeringId)
    .where('offering_member.role', '=', 'student')
    .where('offering_member.deactivated_at', 'is', null)
    .execute();
  const ids = new Set<string>();
  const unknown: string[] = [];
  for (const name of wanted) {
    const m = members.find((x) => x.email.toLowerCase() === name.toLowerCase() || (x.student_number !== null && x.student_number === name));
    if (m) ids.add(m.id);
    else unknown.push(name);
  }
  if (unknown.length > 0) throw new AccessError(400, format(messages(locale).dates.staff.unknownStudents, { list: unknown.slice(0, 20).join(', ') }));
  if (ids.size === 0) throw new AccessError(400, 'students: name at least one student');
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    for (const userId of ids) {
      await trx
        .insertInto('extension')
        .values({ id: newId(now), offering_id: offeringId, user_id: userId, target_kind: data.kind, target_id: data.targetId, due_at: dueAt, close_at: closeAt, reason: data.reason, by_user_id: who.id, created_at: now })
        .execute();
    }
  });
  return { granted: ids.size };
}

/** Removes one extension: the student is back on the dates everyone has (or an older extension). */
export async function removeExtension(viewer: Viewer | null, id: string): Promise<void> {
  const { offeringId } = requireStaffOffering(viewer);
  const result = await (await getDb()).deleteFrom('extension').where('id', '=', id).where('offering_id', '=', offeringId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AccessError(404, 'no such extension');
}

export interface ExtensionDTO {
  id: string;
  userId: string;
  name: string;
  email: string;
  kind: WindowTargetKind;
  targetId: string;
  dueAt: number | null;
  closeAt: number | null;
  reason: string;
  createdAt: number;
}

export async function listExtensions(viewer: Viewer | null): Promise<ExtensionDTO[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const rows = await (await getDb())
    .selectFrom('extension')
    .innerJoin('user', 'user.id', 'extension.user_id')
    .select(['extension.id', 'extension.user_id', 'user.name', 'user.email', 'extension.target_kind', 'extension.target_id', 'extension.due_at', 'extension.close_at', 'extension.reason', 'extension.created_at'])
    .where('extension.offering_id', '=', offeringId)
    .orderBy('extension.target_kind')
    .orderBy('extension.target_id')
    .orderBy('user.email')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    kind: r.target_kind,
    targetId: r.target_id,
    dueAt: num(r.due_at),
    closeAt: num(r.close_at),
    reason: r.reason,
    createdAt: Number(r.created_at),
  }));
}

/** What the Deadlines page needs besides the rules: the offering's zone and its assignments. */
export async function deadlinesContext(viewer: Viewer | null): Promise<{ zone: string; assignments: { id: string; title: string }[] }> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const assignments = await db.selectFrom('assignment').select(['id', 'title']).where('offering_id', '=', offeringId).orderBy('position').orderBy('created_at').execute();
  return { zone: await offeringZone(db, offeringId), assignments };
}
