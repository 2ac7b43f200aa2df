import 'server-only';
import { z } from 'zod';
import type { GradingResult, Locale } from '../../grader/results';
import { canReadWorkOf, isCourseStaff, type Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { getDb } from '../db';
import { newId } from '../db/ids';
import { countInFlight, findByIdempotencyKey, findOwnSubmission, findSubmission, listAttempts, type SubmissionRow } from '../db/submissions';
import { countedExerciseProgress } from '../db/exercise-scores';
import { loadOfferingWindows } from '../db/windows';
import { messages } from '../i18n/catalog';
import { admitWork, claimAttempt } from './item-dates';
import { loadScoredSubmissions, scoreUnder } from '../db/scores';
import { codeLimitBytes, requireCodeWithin } from './code-limits';
import { AccessError } from './errors';
import { admitCheck, admitSubmission } from './student-limits';
import { isFinal, type AttemptDTO, type ProgressDTO, type SubmissionDTO } from './dto';
import { awaitVerdict, gradeUnrecorded, recordSubmission } from './grading';

/**
 * The data access layer for submissions: every function takes the viewer, checks what they may
 * do, and returns DTOs. Route handlers stay thin and call only these.
 */

/** Submissions one student may have waiting at once; more is a stuck key or a script. */
const MAX_IN_FLIGHT_PER_STUDENT = 4;

// The code's length is checked against its exercise's limit after parsing (code-limits.ts), with
// a sentence for the student; the route has already capped the body's size.
export const SubmitInput = z.object({
  exerciseId: z.string().min(1).max(100),
  code: z.string(),
  idempotencyKey: z
    .string()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
});
export type SubmitInput = z.infer<typeof SubmitInput>;

export const CheckInput = z.object({
  exerciseId: z.string().min(1).max(100),
  code: z.string(),
});

function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new AccessError(401, 'sign in first');
  return viewer;
}

/** The offering whose rows a student's reads see: the one the request acts in (null: none). */
function offeringOf(who: Viewer): string | null {
  return who.offering?.id ?? null;
}

function requireExercise(id: string) {
  const exercise = getCatalog().byId.get(id);
  if (!exercise) throw new AccessError(404, 'no such exercise');
  return exercise;
}

export function toSubmissionDTO(row: SubmissionRow): SubmissionDTO {
  return {
    id: row.id,
    exerciseId: row.exercise_id,
    status: row.status,
    score: row.score,
    createdAt: Number(row.created_at),
    gradedAt: row.graded_at === null ? null : Number(row.graded_at),
    code: row.code,
    result: row.result_json ? (JSON.parse(row.result_json) as GradingResult) : null,
  };
}

/**
 * Records a submission (before any grading starts) and grades it. Answers with the verdict when it
 * arrives within `waitMs`; otherwise with the row still in flight, for the client to poll. The same
 * idempotency key from the same student returns the first submission instead of a second row.
 */
export async function submit(
  viewer: Viewer | null,
  input: unknown,
  opts: { locale: Locale; waitMs?: number },
): Promise<{ submission: SubmissionDTO; created: boolean }> {
  const who = requireViewer(viewer);
  const parsed = SubmitInput.safeParse(input);
  if (!parsed.success) throw new AccessError(400, 'invalid submission');
  const exercise = requireExercise(parsed.data.exerciseId);
  requireCodeWithin(parsed.data.code, codeLimitBytes(exercise), opts.locale);
  const db = await getDb();
  const retried = await findByIdempotencyKey(db, who.id, parsed.data.idempotencyKey);
  let row: SubmissionRow;
  let created = false;
  if (retried) {
    row = retried;
  } else {
    // An archived offering is read-only: its work is kept, nothing new is recorded in it.
    if (who.offering?.archived) throw new AccessError(403, messages(opts.locale).offerings.archivedReadOnly);
    if ((await countInFlight(db, who.id)) >= MAX_IN_FLIGHT_PER_STUDENT) throw new AccessError(429, 'too many submissions waiting', 5);
    await admitSubmission(db, who.id, opts.locale);
    // Open, due and close dates, extensions and attempt limits (lib/site/item-dates.ts): the
    // server's clock decides. The attempt limit is counted, and the late mark with its penalty
    // factor written, in the transaction that records the submission.
    const now = Date.now();
    const item = { kind: 'exercise' as const, id: exercise.id, section: exercise.section };
    const { window, late } = await admitWork(db, who, item, now, opts.locale);
    const key = parsed.data.idempotencyKey;
    ({ row, created } = await recordSubmission({
      id: newId(),
      user_id: who.id,
      offering_id: who.offering?.id ?? null,
      exercise_id: exercise.id,
      exercise_version: exercise.version,
      mode: 'submit',
      code: parsed.data.code,
      idempotency_key: parsed.data.idempotencyKey,
      locale: opts.locale,
      created_at: now,
    }, { late, admit: (trx) => claimAttempt(trx, who, item, window, opts.locale, async () => (await findByIdempotencyKey(trx, who.id, key)) !== undefined) }));
  }
  if (isFinal(row.status)) return { submission: toSubmissionDTO(row), created };
  // Whoever takes the job grades it (lib/queue/grading-queue.ts); the request waits a little for it.
  const finished = await awaitVerdict(row, opts.waitMs ?? 2_500);
  return { submission: toSubmissionDTO(finished), created };
}

export async function getSubmission(viewer: Viewer | null, id: string): Promise<SubmissionDTO> {
  const who = requireViewer(viewer);
  const db = await getDb();
  // A student asking for someone else's submission learns nothing, not even that it exists.
  const row = z.uuid().safeParse(id).success
    ? isCourseStaff(who)
      ? await findSubmission(db, id)
      : await findOwnSubmission(db, id, who.id)
    : undefined;
  if (!row || !canReadWorkOf(who, row.user_id, row.offering_id)) throw new AccessError(404, 'no such submission');
  const scored = (await loadScoredSubmissions(db, { userIds: [row.user_id], exerciseId: row.exercise_id })).find((s) => s.id === row.id);
  return { ...toSubmissionDTO(row), late: scored?.late ?? false, override: scored?.override ? { score: scored.override.score, reason: scored.override.reason } : null };
}

export async function getAttempts(viewer: Viewer | null, exerciseId: string): Promise<AttemptDTO[]> {
  const who = requireViewer(viewer);
  requireExercise(exerciseId);
  const db = await getDb();
  const rows = await listAttempts(db, who.id, exerciseId, 50, offeringOf(who));
  // What counts now: a staff override (shown with its reason) or a regrade.
  const scored = new Map((await loadScoredSubmissions(db, { userIds: [who.id], exerciseId, offeringId: offeringOf(who) })).map((s) => [s.id, s]));
  return rows.map((r) => {
    const s = scored.get(r.id);
    return {
      id: r.id,
      status: r.status,
      score: s ? s.score : r.score,
      createdAt: r.created_at,
      late: s?.late ?? false,
      ...(s?.late && { lateFactor: s.lateFactor }),
      override: s?.override ? { score: s.override.score, reason: s.override.reason } : null,
    };
  });
}

/**
 * The viewer's counted score and attempts per exercise id: the same authority the gradebook reads
 * (lib/db/exercise-scores.ts: submission overrides, regrades, late factors, the item override),
 * under each exercise's rule of whether the best or the last submission counts.
 */
export async function getProgress(viewer: Viewer | null): Promise<Record<string, ProgressDTO>> {
  if (!viewer) return {};
  const db = await getDb();
  const offeringId = offeringOf(viewer);
  const [rows, rules] = await Promise.all([countedExerciseProgress(db, { offeringId, userIds: [viewer.id] }), offeringId === null ? null : loadOfferingWindows(db, offeringId)]);
  const catalog = getCatalog().byId;
  const progress: Record<string, ProgressDTO> = {};
  for (const r of rows) {
    const exercise = catalog.get(r.exerciseId);
    const counts = (exercise && rules?.windowFor(viewer.id, { kind: 'exercise', id: exercise.id, section: exercise.section }).counts) ?? 'best';
    progress[r.exerciseId] = {
      bestScore: scoreUnder(r, counts),
      attempts: r.attempts,
      ...((r.itemOverride || r.submissionOverridden) && { overridden: true }),
    };
  }
  return progress;
}

/** Check: the example checks only, nothing recorded. */
export async function check(viewer: Viewer | null, input: unknown, opts: { locale: Locale }): Promise<GradingResult> {
  const who = requireViewer(viewer);
  const parsed = CheckInput.safeParse(input);
  if (!parsed.success) throw new AccessError(400, 'invalid code');
  const exercise = requireExercise(parsed.data.exerciseId);
  requireCodeWithin(parsed.data.code, codeLimitBytes(exercise), opts.locale);
  // Per student: so many a minute, and only a couple at once (lib/site/student-limits.ts).
  const release = admitCheck(who.id, opts.locale);
  try {
    return await gradeUnrecorded({ exerciseId: exercise.id, code: parsed.data.code, mode: 'check', locale: opts.locale }, who.id);
  } finally {
    release();
  }
}
