import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { getDb } from '../db';
import { newId } from '../db/ids';
import type { Database, RegradeRunStatus } from '../db/schema';
import { AccessError } from '../site/errors';
import { finishRunIfComplete } from '../db/regrades';
import { queueExerciseScoresOfRun } from '../lti/ags';
import { gradingQueue } from '../queue/queue';
import { resumeRun, resumeRuns } from '../queue/recovery';
import { parseInput, requireStaffOffering } from './access';
import { loadScoredSubmissions } from './scores';

/**
 * Regrading: every graded submission of an exercise (or of one student for it) graded again with
 * the exercise as it is now. A run, the submissions it covers and one job per submission on the
 * grading queue are written in one transaction; whoever takes a job (lib/queue/grade-and-store.ts)
 * stores its result in the `regrade` table beside the original, which is never touched, and marks
 * the run done with its last result. Students' submissions are taken before regrade jobs.
 * A run still `running` when the server stops is resumed on the next start (the queue's
 * recovery): only the submissions with neither a result in this run nor a job get a job.
 */

export const RegradeInput = z.object({
  exerciseId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100).optional(),
  /** Grade, but count the results only once staff apply the run. */
  dryRun: z.boolean().default(false),
});

export interface RegradeRunDTO {
  id: string;
  exerciseId: string;
  userId: string | null;
  status: RegradeRunStatus;
  total: number;
  done: number;
  createdAt: number;
  finishedAt: number | null;
  error: string | null;
  dryRun: boolean;
  appliedAt: number | null;
}

const RUNNING = Symbol.for('deltalab.regradeRuns');
type Holder = { [RUNNING]?: Map<string, Promise<void>> };
function running(): Map<string, Promise<void>> {
  const holder = globalThis as Holder;
  holder[RUNNING] ??= new Map();
  return holder[RUNNING];
}

/** Records a run, the submissions it covers and one grading job for each, in one transaction. */
export async function startRegrade(viewer: Viewer | null, input: unknown): Promise<RegradeRunDTO> {
  const { who, offeringId } = requireStaffOffering(viewer);
  const data = parseInput(RegradeInput, input);
  const exercise = getCatalog().allById.get(data.exerciseId);
  if (!exercise) throw new AccessError(404, 'no such exercise');
  const db = await getDb();
  const queue = await gradingQueue();
  const id = newId();
  await queue.transaction(async (trx, enqueue) => {
    // The offering's submissions only: a regrade in one offering never moves another's scores.
    let q = trx.selectFrom('submission').select('id').where('offering_id', '=', offeringId).where('exercise_id', '=', exercise.id).where('status', 'not in', ['queued', 'grading']).orderBy('created_at', 'asc');
    if (data.userId) q = q.where('user_id', '=', data.userId);
    const targets = await q.execute();
    await trx
      .insertInto('regrade_run')
      .values({ id, offering_id: offeringId, exercise_id: exercise.id, user_id: data.userId ?? null, status: 'running', total: targets.length, exercise_version: exercise.version, created_by: who.id, created_at: Date.now(), finished_at: null, error: null, dry_run: data.dryRun ? 1 : 0, applied_at: null })
      .execute();
    for (let i = 0; i < targets.length; i += 200) {
      await trx
        .insertInto('regrade_target')
        .values(targets.slice(i, i + 200).map((t) => ({ run_id: id, submission_id: t.id })))
        .execute();
    }
    await enqueue(targets.map((t) => ({ submissionId: t.id, runId: id })));
  });
  // A run that covers nothing is done at once.
  await finishRunIfComplete(db, id);
  return (await runDTO(db, id, offeringId))!;
}

/**
 * Waits until a run is no longer running (done, or failed), after making sure each submission it
 * still lacks a result for has a job (so a run interrupted before its jobs existed is not stuck).
 * The grading itself is the queue's: this only enqueues and watches.
 */
export function runRegrade(runId: string): Promise<void> {
  const existing = running().get(runId);
  if (existing) return existing;
  const promise = watch(runId)
    .catch(async (err: unknown) => {
      console.error(`[deltalab] regrade run ${runId} failed:`, err);
      const db = await getDb();
      await db.updateTable('regrade_run').set({ status: 'failed', error: String((err as Error)?.message ?? err), finished_at: Date.now() }).where('id', '=', runId).where('status', '=', 'running').execute();
    })
    .finally(() => running().delete(runId));
  running().set(runId, promise);
  return promise;
}

async function watch(runId: string): Promise<void> {
  const db = await getDb();
  await resumeRun(await gradingQueue(), db, runId);
  await finishRunIfComplete(db, runId);
  for (let delay = 50; ; delay = Math.min(500, delay * 2)) {
    const run = await db.selectFrom('regrade_run').select('status').where('id', '=', runId).executeTakeFirst();
    if (!run || run.status !== 'running') return;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * Gives every run a stopped server left `running` the jobs it lacks (the queue then grades
 * them; start-up's recovery does the same). Returns the ids of the runs still running.
 */
export async function resumeRegradeRuns(): Promise<string[]> {
  return resumeRuns(await gradingQueue(), await getDb());
}

async function runDTO(db: Kysely<Database>, id: string, offeringId: string): Promise<RegradeRunDTO | undefined> {
  const run = await db.selectFrom('regrade_run').selectAll().where('id', '=', id).where('offering_id', '=', offeringId).executeTakeFirst();
  if (!run) return undefined;
  const done = await db.selectFrom('regrade').select((eb) => eb.fn.countAll<number>().as('n')).where('run_id', '=', id).executeTakeFirst();
  return {
    id: run.id,
    exerciseId: run.exercise_id,
    userId: run.user_id,
    status: run.status,
    total: Number(run.total),
    done: Number(done?.n ?? 0),
    createdAt: Number(run.created_at),
    finishedAt: run.finished_at === null ? null : Number(run.finished_at),
    error: run.error,
    dryRun: Number(run.dry_run) === 1,
    appliedAt: run.applied_at === null ? null : Number(run.applied_at),
  };
}

export async function getRegradeRun(viewer: Viewer | null, id: string): Promise<RegradeRunDTO> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const dto = z.uuid().safeParse(id).success ? await runDTO(await getDb(), id, offeringId) : undefined;
  if (!dto) throw new AccessError(404, 'no such regrade run');
  return dto;
}

export async function listRegradeRuns(viewer: Viewer | null, limit = 20): Promise<RegradeRunDTO[]> {
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const runs = await db.selectFrom('regrade_run').select('id').where('offering_id', '=', offeringId).orderBy('created_at', 'desc').limit(limit).execute();
  const out: RegradeRunDTO[] = [];
  for (const r of runs) {
    const dto = await runDTO(db, r.id, offeringId);
    if (dto) out.push(dto);
  }
  return out;
}

/** Makes a finished dry run count: its results join the others in deciding each student's score. */
export async function applyRegrade(viewer: Viewer | null, id: string): Promise<RegradeRunDTO> {
  const run = await getRegradeRun(viewer, id);
  const { offeringId } = requireStaffOffering(viewer);
  if (!run.dryRun) throw new AccessError(400, 'only a dry run is applied; this run already counts');
  if (run.status !== 'done') throw new AccessError(400, 'the dry run has not finished');
  const db = await getDb();
  const applied = await db.updateTable('regrade_run').set({ applied_at: Date.now() }).where('id', '=', id).where('applied_at', 'is', null).executeTakeFirst();
  // Its results now count: linked LMS grade books hear of every score that moved.
  if (Number(applied.numUpdatedRows) === 1) await queueExerciseScoresOfRun(db, id);
  return (await runDTO(db, id, offeringId))!;
}

export interface RegradeChange {
  userId: string;
  name: string;
  email: string;
  /** Best counted score for the exercise without this run's results, and with them. */
  before: number | null;
  after: number | null;
}

export interface RegradeChanges {
  /** Students with a submission the run covers. */
  students: number;
  moved: RegradeChange[];
  up: number;
  down: number;
  /** True while the results do not count yet (a dry run not applied): "would move". */
  hypothetical: boolean;
}

/**
 * What a run changes: each covered student's best counted score for the exercise without this
 * run's results and with them (a dry run's counted as if applied). Overrides still win on both
 * sides, so a student whose score staff set does not move.
 */
export async function regradeChanges(viewer: Viewer | null, id: string): Promise<RegradeChanges> {
  const run = await getRegradeRun(viewer, id);
  const { offeringId } = requireStaffOffering(viewer, { read: true });
  const db = await getDb();
  const covered = await db
    .selectFrom('regrade_target as t')
    .innerJoin('submission as s', 's.id', 't.submission_id')
    .innerJoin('user as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('t.run_id', '=', id)
    .distinct()
    .execute();
  const userIds = covered.map((u) => u.id);
  const best = (rows: { userId: string; score: number | null }[]) => {
    const out = new Map<string, number | null>();
    for (const r of rows) {
      const prev = out.get(r.userId) ?? null;
      out.set(r.userId, r.score === null ? prev : Math.max(prev ?? 0, r.score));
    }
    return out;
  };
  const [before, after] = await Promise.all([
    loadScoredSubmissions(db, { offeringId, userIds, exerciseId: run.exerciseId, withoutRun: id }).then(best),
    loadScoredSubmissions(db, { offeringId, userIds, exerciseId: run.exerciseId, withDryRun: id }).then(best),
  ]);
  const moved = covered
    .map((u) => ({ userId: u.id, name: u.name, email: u.email, before: before.get(u.id) ?? null, after: after.get(u.id) ?? null }))
    .filter((c) => Math.abs((c.after ?? 0) - (c.before ?? 0)) > 1e-9)
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
  return {
    students: covered.length,
    moved,
    up: moved.filter((c) => (c.after ?? 0) > (c.before ?? 0)).length,
    down: moved.filter((c) => (c.after ?? 0) < (c.before ?? 0)).length,
    hypothetical: run.dryRun && run.appliedAt === null,
  };
}
