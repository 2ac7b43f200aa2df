import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * Reading open and due dates, for the student path and for staff alike (staff set them in
 * lib/staff/deadlines.ts). An exercise's own date wins over its section's (each date separately).
 */

export interface SubmissionWindow {
  opensAt: number | null;
  dueAt: number | null;
}

/** The dates of an exercise in an offering; someone in no offering has none. */
export async function submissionWindow(db: Kysely<Database>, offeringId: string | null, exercise: { id: string; section: string }): Promise<SubmissionWindow> {
  if (offeringId === null) return { opensAt: null, dueAt: null };
  const rows = await db
    .selectFrom('item_window')
    .select(['target_kind', 'opens_at', 'due_at'])
    .where('offering_id', '=', offeringId)
    .where((eb) => eb.or([eb.and([eb('target_kind', '=', 'exercise'), eb('target_id', '=', exercise.id)]), eb.and([eb('target_kind', '=', 'section'), eb('target_id', '=', exercise.section)])]))
    .execute();
  const own = rows.find((r) => r.target_kind === 'exercise');
  const section = rows.find((r) => r.target_kind === 'section');
  const num = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { opensAt: num(own?.opens_at) ?? num(section?.opens_at), dueAt: num(own?.due_at) ?? num(section?.due_at) };
}

/**
 * Marks a just-recorded submission late when it came after the due date. Call it in the
 * transaction that records the submission, so a recorded late submission is always marked.
 */
export async function markLateIfDue(db: Kysely<Database>, submissionId: string, createdAt: number, window: Pick<SubmissionWindow, 'dueAt'>): Promise<boolean> {
  if (window.dueAt === null || createdAt <= window.dueAt) return false;
  await db
    .insertInto('late_submission')
    .values({ submission_id: submissionId, due_at: window.dueAt })
    .onConflict((oc) => oc.column('submission_id').doNothing())
    .execute();
  return true;
}
