import type { Kysely } from 'kysely';
import type { GradingJob, GradingResult } from '../../grader/results';
import { failRun, finishRunIfComplete, hasRegrade, runIsRunning, storeRegrade } from '../db/regrades';
import type { Database } from '../db/schema';
import { findSubmission, markGrading, type SubmissionRow } from '../db/submissions';
import { queueExerciseScore } from '../lti/ags';
import { logEvent } from '../log';
import { REGRADE_OWNER, type GradeJobData } from './jobs';
import { storeGradingFailed, storeVerdict } from './verdicts';

/**
 * The one way a recorded submission gets its verdict, whichever queue delivered the job (the
 * SQLite job table's loop in the web process, or a pg-boss worker) and whoever enqueued it
 * (submit, regrade, crash recovery). Every write is guarded, so a duplicate delivery stores once.
 *
 * Throws only when the grading could not run (the pool is busy, restarting or closed): the
 * caller's queue retries the job. Whatever the learner code does, the pool returns a verdict.
 */
export interface GradeContext {
  db: Kysely<Database>;
  /** Grades in a sandbox pool; `owner` keeps the pool fair between students (grader/pool.ts). */
  grade(job: GradingJob, owner?: string): Promise<GradingResult>;
  /** Tells whoever waits for submission `id` that its verdict is stored (`row`, as stored). */
  announce(id: string, row: SubmissionRow): Promise<void> | void;
  /** Called once a submission's row is claimed, before grading (the crash test hook). */
  afterClaim?(row: SubmissionRow): Promise<void>;
  /** Fields every log line of this grader carries (worker id, job id, attempt). */
  fields?: Record<string, unknown>;
}

export type GradeOutcome =
  | { kind: 'stored'; result: GradingResult; row?: SubmissionRow }
  | { kind: 'duplicate'; reason: string }
  | { kind: 'skipped'; reason: string };

export async function gradeAndStore(ctx: GradeContext, job: GradeJobData): Promise<GradeOutcome> {
  return job.runId ? regrade(ctx, job.runId, job.submissionId) : grade(ctx, job.submissionId);
}

async function grade(ctx: GradeContext, submissionId: string): Promise<GradeOutcome> {
  const t0 = performance.now();
  const row = await markGrading(ctx.db, submissionId);
  if (!row) {
    logEvent('info', 'grading.skipped', { ...ctx.fields, submission: submissionId, reason: 'already graded or gone' });
    return { kind: 'skipped', reason: 'already graded or gone' };
  }
  logEvent('info', 'grading.started', { ...ctx.fields, submission: submissionId, exercise: row.exercise_id, gradingAttempts: row.grading_attempts });
  await ctx.afterClaim?.(row);
  const result = await ctx.grade({ exerciseId: row.exercise_id, code: row.code, mode: 'submit', locale: row.locale === 'zh' ? 'zh' : 'en' }, row.user_id);
  const stored = await storeVerdict(ctx.db, submissionId, result);
  if (!stored) {
    logEvent('info', 'grading.duplicate', { ...ctx.fields, submission: submissionId, note: 'another delivery stored the verdict first; nothing written' });
    return { kind: 'duplicate', reason: 'verdict already stored' };
  }
  await ctx.announce(submissionId, stored);
  // An LMS that placed this exercise gets the new counted score later, from the outbox.
  await queueExerciseScore(ctx.db, stored.user_id, stored.offering_id, stored.exercise_id);
  logEvent('info', 'grading.done', {
    ...ctx.fields,
    submission: submissionId,
    exercise: row.exercise_id,
    status: result.status,
    score: result.score,
    gradeMs: result.timeMs,
    handleMs: Math.round(performance.now() - t0),
    latencyMs: Number(stored.graded_at) - Number(stored.created_at),
  });
  return { kind: 'stored', result, row: stored };
}

async function regrade(ctx: GradeContext, runId: string, submissionId: string): Promise<GradeOutcome> {
  // A run that failed or was finished takes no more results; a result already there is kept.
  if (!(await runIsRunning(ctx.db, runId))) return { kind: 'skipped', reason: 'run not running' };
  if (await hasRegrade(ctx.db, runId, submissionId)) {
    await finishRunIfComplete(ctx.db, runId);
    return { kind: 'duplicate', reason: 'regrade already stored' };
  }
  const row = await findSubmission(ctx.db, submissionId);
  if (!row) return { kind: 'skipped', reason: 'submission gone' };
  // One owner for the whole run: a regrade takes turns with students instead of going first.
  const result = await ctx.grade({ exerciseId: row.exercise_id, code: row.code, mode: 'submit', locale: row.locale === 'zh' ? 'zh' : 'en' }, REGRADE_OWNER);
  const stored = await storeRegrade(ctx.db, runId, submissionId, result);
  await finishRunIfComplete(ctx.db, runId);
  if (stored) await queueExerciseScore(ctx.db, row.user_id, row.offering_id, row.exercise_id);
  logEvent('info', stored ? 'regrade.done' : 'regrade.duplicate', { ...ctx.fields, run: runId, submission: submissionId, status: result.status, score: result.score });
  return stored ? { kind: 'stored', result } : { kind: 'duplicate', reason: 'regrade already stored' };
}

/**
 * A poison job (its grading killed every process that tried it, past the retry limit): a
 * submission ends `grading_failed` with score 0 instead of waiting forever; a regrade run stops
 * as `failed`, saying which submission.
 */
export async function failJob(ctx: Pick<GradeContext, 'db' | 'announce' | 'fields'>, job: GradeJobData): Promise<void> {
  if (job.runId) {
    await failRun(ctx.db, job.runId, `the regrade of submission ${job.submissionId} crashed the grader on every attempt`);
    logEvent('error', 'regrade.failed_permanently', { ...ctx.fields, run: job.runId, submission: job.submissionId });
    return;
  }
  const stored = await storeGradingFailed(ctx.db, job.submissionId);
  if (stored) await ctx.announce(job.submissionId, stored);
  logEvent(stored ? 'error' : 'info', stored ? 'grading.failed_permanently' : 'grading.dead_letter_ignored', { ...ctx.fields, submission: job.submissionId });
}
