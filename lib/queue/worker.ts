import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { GradingJob, GradingResult } from '../../grader/results';
import type { Database } from '../db/schema';
import { heartbeat, registerWorker, unregisterWorker } from '../db/workers';
import { logEvent } from '../log';
import { startBoss } from './boss';
import { ENQUEUED_CHANNEL, GRADE_DEAD_QUEUE, GRADE_QUEUE, queueSettings, type QueueSettings } from './config';
import { failJob, gradeAndStore } from './grade-and-store';
import { startScoreJobs } from './lti-scores';
import type { GradeJobData } from './jobs';
import { testHookFromEnv } from './test-hook';
import { notifyGraded } from './verdicts';

/**
 * A grading worker: takes grading jobs off the PostgreSQL queue and runs each through
 * gradeAndStore() (the same function the SQLite backend's loop runs): a submission's verdict, or
 * a regrade's result beside the original. Several can run on several machines; each needs only
 * the database.
 *
 * - A job is marked active while it runs. If the worker dies (SIGKILL, power loss), the job
 *   expires after DELTALAB_GRADING_EXPIRE_SECONDS and pg-boss's maintenance (run by every live
 *   worker) puts it back for another worker, up to DELTALAB_GRADING_RETRY_LIMIT retries.
 * - A job that used up its retries goes to the dead-letter queue, and its submission ends as
 *   `grading_failed` (score 0) instead of waiting forever.
 * - Verdicts are written with a guard (the row must still be in flight), so a duplicate delivery
 *   grades twice at worst but stores once.
 *
 * Test hook (test/integration only, lib/queue/test-hook.ts): DELTALAB_WORKER_TEST_HOOK makes a
 * worker hang or kill itself on a marked submission: a worker dying mid-job, on demand.
 */
export interface GradingWorker {
  id: string;
  settings: QueueSettings;
  /** Stops fetching, lets running gradings finish (up to `timeoutMs`), removes the heartbeat. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface WorkerOptions {
  url: string;
  db: Kysely<Database>;
  /** `owner`, the student, keeps the pool fair between students (grader/pool.ts). */
  grade(job: GradingJob, owner?: string): Promise<GradingResult>;
  settings?: QueueSettings;
  /** Also deliver LMS scores (lib/queue/lti-scores.ts); default true. */
  ltiScores?: boolean;
}

export async function startGradingWorker(opts: WorkerOptions): Promise<GradingWorker> {
  const settings = opts.settings ?? queueSettings();
  const { db } = opts;
  const id = randomUUID();
  const identity = { id, host: os.hostname(), pid: process.pid, concurrency: settings.concurrency };
  let graded = 0;

  const boss = await startBoss(opts.url, 'worker', settings);
  await registerWorker(db, identity);
  const beat = setInterval(() => {
    heartbeat(db, { ...identity, graded }).catch((err: unknown) => logEvent('warn', 'worker.heartbeat_failed', { worker: id, error: err }));
  }, settings.heartbeatSeconds * 1000);
  beat.unref();

  const afterClaim = testHookFromEnv({ worker: id });
  const context = (job: PgBoss.Job<GradeJobData>, attempt?: number) => ({
    db,
    grade: opts.grade,
    announce: (submissionId: string) => notifyGraded(db, submissionId),
    afterClaim,
    fields: { worker: id, job: job.id, ...(attempt !== undefined && { attempt }) },
  });

  // Throws when the grading could not run: pg-boss retries the job (then dead-letters it).
  const handle = async (jobs: PgBoss.JobWithMetadata<GradeJobData>[]): Promise<void> => {
    for (const job of jobs) {
      const outcome = await gradeAndStore(context(job, job.retryCount + 1), job.data);
      if (outcome.kind === 'stored') graded++;
    }
  };

  const handleDead = async (jobs: PgBoss.Job<GradeJobData>[]): Promise<void> => {
    for (const job of jobs) await failJob(context(job), job.data);
  };

  const workIds: string[] = [];
  for (let i = 0; i < settings.concurrency; i++) {
    const self: { id?: string } = {};
    const loop = await boss.work<GradeJobData>(GRADE_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: settings.pollSeconds }, async (jobs) => {
      try {
        await handle(jobs);
      } finally {
        // pg-boss waits a polling interval even after a fetch that found work; a loop that just
        // finished a job asks for the next one at once, so a backlog drains at grading speed.
        if (self.id) boss.notifyWorker(self.id);
      }
    });
    self.id = loop;
    workIds.push(loop);
  }
  const stopScores = opts.ltiScores === false ? () => undefined : await startScoreJobs(boss, db, settings, { worker: id });
  await boss.work<GradeJobData>(GRADE_DEAD_QUEUE, { batchSize: 1, pollingIntervalSeconds: Math.max(settings.pollSeconds, 2) }, handleDead);

  // New jobs wake idle loops at once instead of waiting for their next poll.
  const listener = new pg.Client({ connectionString: opts.url, application_name: 'deltalab-worker-listen' });
  listener.on('error', (err) => logEvent('warn', 'worker.listen_error', { worker: id, error: err }));
  listener.on('notification', () => {
    for (const w of workIds) boss.notifyWorker(w);
  });
  await listener.connect();
  await listener.query(`LISTEN ${ENQUEUED_CHANNEL}`);

  logEvent('info', 'worker.started', { worker: id, concurrency: settings.concurrency, expireSeconds: settings.expireSeconds, retryLimit: settings.retryLimit });

  return {
    id,
    settings,
    async stop(timeoutMs = 30_000) {
      clearInterval(beat);
      stopScores();
      await listener.end().catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
      await unregisterWorker(db, id).catch(() => undefined);
      logEvent('info', 'worker.stopped', { worker: id, graded });
    },
  };
}
