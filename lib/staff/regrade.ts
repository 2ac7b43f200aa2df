import 'server-only';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Viewer } from '../auth/roles';
import { getCatalog } from '../content/loader';
import { getDb } from '../db';
import { newId } from '../db/ids';
import type { Database, RegradeRunStatus } from '../db/schema';
import { AccessError } from '../site/errors';
import { gradingPool } from '../site/grading';
import { parseInput, requireStaff } from './access';

/**
 * Regrading: every graded submission of an exercise (or of one student for it) graded again with
 * the exercise as it is now. A run and the submissions it covers are written before any grading
 * starts; each result goes to the `regrade` table beside the original, which is never touched.
 * A run still `running` when the server stops is resumed on the next start (lib/site/startup.ts):
 * it grades only the submissions that have no result in this run yet.
 */

export const RegradeInput = z.object({
  exerciseId: z.string().min(1).max(100),
  userId: z.string().min(1).max(100).optional(),
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
}

const RUNNING = Symbol.for('deltalab.regradeRuns');
type Holder = { [RUNNING]?: Map<string, Promise<void>> };
function running(): Map<string, Promise<void>> {
  const holder = globalThis as Holder;
  holder[RUNNING] ??= new Map();
  return holder[RUNNING];
}

/** Records a run and starts it in the background; returns at once. */
export async function startRegrade(viewer: Viewer | null, input: unknown): Promise<RegradeRunDTO> {
  const who = requireStaff(viewer);
  const data = parseInput(RegradeInput, input);
  const exercise = getCatalog().allById.get(data.exerciseId);
  if (!exercise) throw new AccessError(404, 'no such exercise');
  const db = await getDb();
  const id = newId();
  await db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('submission').select('id').where('exercise_id', '=', exercise.id).where('status', 'not in', ['queued', 'grading']);
    if (data.userId) q = q.where('user_id', '=', data.userId);
    const targets = await q.execute();
    await trx
      .insertInto('regrade_run')
      .values({ id, exercise_id: exercise.id, user_id: data.userId ?? null, status: 'running', total: targets.length, exercise_version: exercise.version, created_by: who.id, created_at: Date.now(), finished_at: null, error: null })
      .execute();
    for (let i = 0; i < targets.length; i += 200) {
      await trx
        .insertInto('regrade_target')
        .values(targets.slice(i, i + 200).map((t) => ({ run_id: id, submission_id: t.id })))
        .execute();
    }
  });
  void runRegrade(id);
  return (await runDTO(db, id))!;
}

/** Runs (or joins) a run until every target has a result; one runner per run per process. */
export function runRegrade(runId: string, opts: { concurrency?: number } = {}): Promise<void> {
  const existing = running().get(runId);
  if (existing) return existing;
  const promise = drive(runId, opts.concurrency ?? 2)
    .catch(async (err: unknown) => {
      console.error(`[deltalab] regrade run ${runId} failed:`, err);
      const db = await getDb();
      await db.updateTable('regrade_run').set({ status: 'failed', error: String((err as Error)?.message ?? err), finished_at: Date.now() }).where('id', '=', runId).execute();
    })
    .finally(() => running().delete(runId));
  running().set(runId, promise);
  return promise;
}

async function drive(runId: string, concurrency: number): Promise<void> {
  const db = await getDb();
  const run = await db.selectFrom('regrade_run').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || run.status !== 'running') return;
  const pending = await db
    .selectFrom('regrade_target as t')
    .innerJoin('submission as s', 's.id', 't.submission_id')
    .leftJoin('regrade as r', (join) => join.onRef('r.run_id', '=', 't.run_id').onRef('r.submission_id', '=', 't.submission_id'))
    .select(['s.id', 's.exercise_id', 's.code', 's.locale'])
    .where('t.run_id', '=', runId)
    .where('r.id', 'is', null)
    .orderBy('s.created_at', 'asc')
    .execute();
  const queue = [...pending];
  const worker = async () => {
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      const result = await gradeWithRetries({ exerciseId: s.exercise_id, code: s.code, mode: 'submit', locale: s.locale === 'zh' ? 'zh' : 'en' });
      await db
        .insertInto('regrade')
        .values({ id: newId(), run_id: runId, submission_id: s.id, exercise_version: result.version, status: result.status, score: result.score, result_json: JSON.stringify(result), created_at: Date.now() })
        .onConflict((oc) => oc.columns(['run_id', 'submission_id']).doNothing())
        .execute();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  await db.updateTable('regrade_run').set({ status: 'done', finished_at: Date.now() }).where('id', '=', runId).where('status', '=', 'running').execute();
}

const RETRY_DELAYS_MS = [500, 2_000, 5_000, 15_000];

/** A busy or restarting pool is waited for a little; after that the run fails (and says why). */
async function gradeWithRetries(job: Parameters<ReturnType<typeof gradingPool>['grade']>[0]) {
  for (let attempt = 0; ; attempt++) {
    try {
      // One owner for the whole run: a regrade takes turns with students instead of going first.
      return await gradingPool().grade(job, { owner: 'staff:regrade' });
    } catch (err) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) throw err;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

/** Resumes every run a stopped server left `running`. Returns their ids. */
export async function resumeRegradeRuns(): Promise<string[]> {
  const db = await getDb();
  const runs = await db.selectFrom('regrade_run').select('id').where('status', '=', 'running').orderBy('created_at', 'asc').execute();
  if (runs.length > 0) console.log(`[deltalab] resuming ${runs.length} regrade run(s)`);
  for (const r of runs) void runRegrade(r.id);
  return runs.map((r) => r.id);
}

async function runDTO(db: Kysely<Database>, id: string): Promise<RegradeRunDTO | undefined> {
  const run = await db.selectFrom('regrade_run').selectAll().where('id', '=', id).executeTakeFirst();
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
  };
}

export async function getRegradeRun(viewer: Viewer | null, id: string): Promise<RegradeRunDTO> {
  requireStaff(viewer);
  const dto = z.uuid().safeParse(id).success ? await runDTO(await getDb(), id) : undefined;
  if (!dto) throw new AccessError(404, 'no such regrade run');
  return dto;
}

export async function listRegradeRuns(viewer: Viewer | null, limit = 20): Promise<RegradeRunDTO[]> {
  requireStaff(viewer);
  const db = await getDb();
  const runs = await db.selectFrom('regrade_run').select('id').orderBy('created_at', 'desc').limit(limit).execute();
  const out: RegradeRunDTO[] = [];
  for (const r of runs) {
    const dto = await runDTO(db, r.id);
    if (dto) out.push(dto);
  }
  return out;
}
