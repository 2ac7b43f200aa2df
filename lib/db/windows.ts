import type { Kysely } from 'kysely';
import { lateFactor, NO_PENALTY, parseLatePolicy, type LatePolicy } from './late-policy';
import type { Database, ItemKind, WindowTargetKind } from './schema';

/**
 * The dates and rules that apply to one student's work on one item in one offering, from the
 * item_window rows staff set (lib/staff/deadlines.ts) and the student's extensions. Read by the
 * student path (submit, quiz attempts, the dates notice) and by staff pages alike, so it lives
 * here and not in lib/staff.
 *
 * Merging, per field: the item's own row, then its assignments' rows (in assignment order), then
 * its section's row; the first that sets the field wins. Then the student's extension (the most
 * specific target, the newest row of it) replaces the due and close dates it sets; an extended
 * due date past the close date carries the close date with it, or the extension would be useless.
 */

export type Counts = 'best' | 'last';

export interface ItemRef {
  kind: ItemKind;
  id: string;
  section: string;
  /** The offering's assignments holding the item, first first; read from the database when absent. */
  assignmentIds?: readonly string[];
}

export interface WindowRow {
  target_kind: WindowTargetKind;
  target_id: string;
  opens_at: number | string | null;
  due_at: number | string | null;
  close_at: number | string | null;
  late_policy: string | null;
  max_attempts: number | null;
  counts: string | null;
}

export interface ExtensionRow {
  id: string;
  user_id: string;
  target_kind: WindowTargetKind;
  target_id: string;
  due_at: number | string | null;
  close_at: number | string | null;
  reason: string;
  created_at: number | string;
}

export interface EffectiveWindow {
  opensAt: number | null;
  /** The student's due date: their extension's when they have one. */
  dueAt: number | null;
  closeAt: number | null;
  latePolicy: LatePolicy;
  maxAttempts: number | null;
  counts: Counts;
  /** The student's extension, with the dates everyone else has. */
  extension: { id: string; dueAt: number | null; closeAt: number | null; reason: string; baseDueAt: number | null; baseCloseAt: number | null } | null;
}

const num = (v: number | string | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));

/** The targets that can hold rules for `item`, most specific first. */
export function targetsOf(item: ItemRef): { kind: WindowTargetKind; id: string }[] {
  return [{ kind: item.kind, id: item.id }, ...(item.assignmentIds ?? []).map((id) => ({ kind: 'assignment' as const, id })), { kind: 'section', id: item.section }];
}

/** The pure merge: rows and extensions of any targets in, the item's effective window out. */
export function mergeWindow(item: ItemRef, rows: readonly WindowRow[], extensions: readonly ExtensionRow[] = []): EffectiveWindow {
  const ordered = targetsOf(item)
    .map((t) => rows.find((r) => r.target_kind === t.kind && r.target_id === t.id))
    .filter((r): r is WindowRow => r !== undefined);
  const first = <T>(read: (r: WindowRow) => T | null): T | null => {
    for (const r of ordered) {
      const v = read(r);
      if (v !== null) return v;
    }
    return null;
  };
  const counts = first<Counts>((r) => (r.counts === 'best' || r.counts === 'last' ? r.counts : null));
  const base: Omit<EffectiveWindow, 'extension'> = {
    opensAt: first((r) => num(r.opens_at)),
    dueAt: first((r) => num(r.due_at)),
    closeAt: first((r) => num(r.close_at)),
    latePolicy: first((r) => parseLatePolicy(r.late_policy)) ?? NO_PENALTY,
    maxAttempts: first((r) => (r.max_attempts === null ? null : Number(r.max_attempts))),
    counts: counts ?? 'best',
  };
  const ext = pickExtension(item, extensions);
  if (!ext) return { ...base, extension: null };
  const dueAt = num(ext.due_at) ?? base.dueAt;
  let closeAt = num(ext.close_at) ?? base.closeAt;
  if (closeAt !== null && dueAt !== null && dueAt > closeAt) closeAt = dueAt;
  return {
    ...base,
    dueAt,
    closeAt,
    extension: { id: ext.id, dueAt: num(ext.due_at), closeAt: num(ext.close_at), reason: ext.reason, baseDueAt: base.dueAt, baseCloseAt: base.closeAt },
  };
}

function pickExtension(item: ItemRef, extensions: readonly ExtensionRow[]): ExtensionRow | undefined {
  for (const t of targetsOf(item)) {
    const mine = extensions.filter((e) => e.target_kind === t.kind && e.target_id === t.id);
    if (mine.length > 0) return mine.reduce((a, b) => (Number(b.created_at) > Number(a.created_at) || (Number(b.created_at) === Number(a.created_at) && b.id > a.id) ? b : a));
  }
  return undefined;
}

export type WindowVerdict =
  | { state: 'not-open'; opensAt: number }
  | { state: 'closed'; closeAt: number }
  | { state: 'on-time' }
  | { state: 'late'; dueAt: number; factor: number };

/** What happens to work recorded at `at` under `window` (the server's clock decides `at`). */
export function judge(window: EffectiveWindow, at: number): WindowVerdict {
  if (window.opensAt !== null && at < window.opensAt) return { state: 'not-open', opensAt: window.opensAt };
  if (window.closeAt !== null && at > window.closeAt) return { state: 'closed', closeAt: window.closeAt };
  if (window.dueAt !== null && at > window.dueAt) return { state: 'late', dueAt: window.dueAt, factor: lateFactor(window.latePolicy, window.dueAt, at) };
  return { state: 'on-time' };
}

/** The assignments of an offering that hold an item, in assignment order. */
async function assignmentsHolding(db: Kysely<Database>, offeringId: string, item: Pick<ItemRef, 'kind' | 'id'>): Promise<string[]> {
  const rows = await db
    .selectFrom('assignment_item')
    .innerJoin('assignment', 'assignment.id', 'assignment_item.assignment_id')
    .select('assignment.id')
    .where('assignment.offering_id', '=', offeringId)
    .where('assignment_item.item_kind', '=', item.kind)
    .where('assignment_item.item_id', '=', item.id)
    .orderBy('assignment.position')
    .orderBy('assignment.created_at')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * One student's effective window for an item in an offering; without an offering (someone in
 * none) nothing is set. `userId` null gives the window everyone has (staff views).
 */
export async function resolveWindow(db: Kysely<Database>, offeringId: string | null, userId: string | null, item: ItemRef): Promise<EffectiveWindow> {
  if (offeringId === null) return mergeWindow(item, []);
  const ref = item.assignmentIds ? item : { ...item, assignmentIds: await assignmentsHolding(db, offeringId, item) };
  const targets = targetsOf(ref);
  const rows = await db
    .selectFrom('item_window')
    .select(['target_kind', 'target_id', 'opens_at', 'due_at', 'close_at', 'late_policy', 'max_attempts', 'counts'])
    .where('offering_id', '=', offeringId)
    .where((eb) => eb.or(targets.map((t) => eb.and([eb('target_kind', '=', t.kind), eb('target_id', '=', t.id)]))))
    .execute();
  const extensions =
    userId === null
      ? []
      : await db
          .selectFrom('extension')
          .select(['id', 'user_id', 'target_kind', 'target_id', 'due_at', 'close_at', 'reason', 'created_at'])
          .where('offering_id', '=', offeringId)
          .where('user_id', '=', userId)
          .where((eb) => eb.or(targets.map((t) => eb.and([eb('target_kind', '=', t.kind), eb('target_id', '=', t.id)]))))
          .execute();
  return mergeWindow(ref, rows, extensions);
}

/**
 * Every rule of an offering at once, for pages that need many students × items (the gradebook):
 * three queries, then `windowFor(userId, item)` merges in memory.
 */
export async function loadOfferingWindows(db: Kysely<Database>, offeringId: string): Promise<{ windowFor(userId: string | null, item: Omit<ItemRef, 'assignmentIds'>): EffectiveWindow }> {
  const [rows, extensions, holdings] = await Promise.all([
    db.selectFrom('item_window').select(['target_kind', 'target_id', 'opens_at', 'due_at', 'close_at', 'late_policy', 'max_attempts', 'counts']).where('offering_id', '=', offeringId).execute(),
    db.selectFrom('extension').select(['id', 'user_id', 'target_kind', 'target_id', 'due_at', 'close_at', 'reason', 'created_at']).where('offering_id', '=', offeringId).execute(),
    db
      .selectFrom('assignment_item')
      .innerJoin('assignment', 'assignment.id', 'assignment_item.assignment_id')
      .select(['assignment.id', 'assignment_item.item_kind', 'assignment_item.item_id'])
      .where('assignment.offering_id', '=', offeringId)
      .orderBy('assignment.position')
      .orderBy('assignment.created_at')
      .execute(),
  ]);
  const byUser = new Map<string, ExtensionRow[]>();
  for (const e of extensions) byUser.set(e.user_id, [...(byUser.get(e.user_id) ?? []), e]);
  return {
    windowFor(userId, item) {
      const assignmentIds = holdings.filter((h) => h.item_kind === item.kind && h.item_id === item.id).map((h) => h.id);
      return mergeWindow({ ...item, assignmentIds }, rows, userId === null ? [] : (byUser.get(userId) ?? []));
    },
  };
}
