import 'server-only';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { SECTION_IDS } from '../content/sections';
import { getDb } from '../db';
import { AccessError } from '../site/errors';
import { parseInput, requireStaffOffering } from './access';

/**
 * Open and due dates, per exercise or per section, set by staff and stored in the database. An
 * exercise's own date wins over its section's (each date separately). The server's clock decides:
 * before the open date a submission is refused; after the due date it is accepted and marked late.
 */

// Reading dates is shared with the student path, which must not import lib/staff.
export { markLateIfDue, submissionWindow, type SubmissionWindow } from '../db/deadlines';

export const DeadlineInput = z
  .object({
    kind: z.enum(['exercise', 'section']),
    targetId: z.string().min(1).max(100),
    /** Epoch milliseconds, or null to clear. */
    opensAt: z.number().int().nonnegative().nullable(),
    dueAt: z.number().int().nonnegative().nullable(),
  })
  .refine((d) => d.opensAt === null || d.dueAt === null || d.opensAt < d.dueAt, { message: 'the due date must come after the open date', path: ['dueAt'] });

export async function setDeadline(viewer: Viewer | null, input: unknown): Promise<void> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(DeadlineInput, input);
  if (data.kind === 'exercise' && !getCatalog().byId.has(data.targetId)) throw new AccessError(404, 'no such exercise');
  if (data.kind === 'section' && !(SECTION_IDS as readonly string[]).includes(data.targetId)) throw new AccessError(404, 'no such section');
  const db = await getDb();
  if (data.opensAt === null && data.dueAt === null) {
    await db.deleteFrom('item_window').where('offering_id', '=', offeringId).where('target_kind', '=', data.kind).where('target_id', '=', data.targetId).execute();
    return;
  }
  const values = { opens_at: data.opensAt, due_at: data.dueAt, updated_by: who.id, updated_at: Date.now() };
  await db
    .insertInto('item_window')
    .values({ offering_id: offeringId, target_kind: data.kind, target_id: data.targetId, close_at: null, late_policy: null, max_attempts: null, counts: null, ...values })
    .onConflict((oc) => oc.columns(['offering_id', 'target_kind', 'target_id']).doUpdateSet(values))
    .execute();
}

export interface DeadlineDTO {
  kind: 'exercise' | 'section';
  targetId: string;
  opensAt: number | null;
  dueAt: number | null;
}

export async function listDeadlines(viewer: Viewer | null): Promise<DeadlineDTO[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const rows = await (await getDb()).selectFrom('item_window').selectAll().where('offering_id', '=', offeringId).where('target_kind', 'in', ['exercise', 'section']).execute();
  return rows.map((r) => ({ kind: r.target_kind as 'exercise' | 'section', targetId: r.target_id, opensAt: r.opens_at === null ? null : Number(r.opens_at), dueAt: r.due_at === null ? null : Number(r.due_at) }));
}
