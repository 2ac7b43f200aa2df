import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type PgBoss from 'pg-boss';
import type { GradingJob, GradingResult } from '../../grader/results';
import type { Database } from '../db/schema';
import { markGrading } from '../db/submissions';
import { heartbeat, registerWorker, unregisterWorker } from '../db/workers';
import { logEvent } from '../log';
import { startBoss } from './boss';
import { ENQUEUED_CHANNEL, GRADE_DEAD_QUEUE, GRADE_QUEUE, queueSettings, type QueueSettings } from './config';
import type { GradeJobData } from './enqueue';
import { storeGradingFailed, storeVerdict } from './verdicts';

/**
 * A grading worker: takes grading jobs off the PostgreSQL queue, grades them in its sandbox pool
 * and stores the verdict. Several can run on several machines; each needs only the database.
 *
 * - A job is marked active while it runs. If the worker dies (SIGKILL, power loss), the job
 *   expires after DELTALAB_GRADING_EXPIRE_SECONDS and pg-boss's maintenance (run by every live
 *   worker) puts it back for another worker, up to DELTALAB_GRADING_RETRY_LIMIT retries.
 * - A job that used up its retries goes to the dead-letter queue, and its submission ends as
 *   `grading_failed` (score 0) instead of waiting forever.
 * - Verdicts are written with a guard (the row must still be in flight), so a duplicate delivery
 *   grades twice at worst but stores once.
 *
 * Test hook (test/integration/queue-*.test.ts only): when DELTALAB_WORKER_TEST_HOOK is `hang` or
 * `crash`, a submission whose code contains `deltalab-test-hook` makes this worker hang forever or
 * kill itself with SIGKILL after claiming the row: a worker dying mid-job, on demand.
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
}

const TEST_MARKER = 'deltalab-test-hook';

export async function startGradingWorker(opts: WorkerOptions): Promise<GradingWorker> {
  const settings = opts.settings ?? queueSettings();
  const { db } = opts;
  const id = randomUUID();
  const identity = { id, host: os.hostname(), pid: process.pid, concurrency: settings.concurrency };
  const testHook = process.env.DELTALAB_WORKER_TEST_HOOK;
  let graded = 0;

  const boss = await startBoss(opts.url, 'worker', settings);
  await registerWorker(db, identity);
  const beat = setInterval(() => {
    heartbeat(db, { ...identity, graded }).catch((err: unknown) => logEvent('warn', 'worker.heartbeat_failed', { worker: id, error: err }));
  }, settings.heartbeatSeconds * 1000);
  beat.unref();

  const handle = async (jobs: PgBoss.JobWithMetadata<GradeJobData>[]): Promise<void> => {
    for (const job of jobs) {
      const submissionId = job.data.submissionId;
      const t0 = performance.now();
      const row = await markGrading(db, submissionId);
      if (!row) {
        logEvent('info', 'grading.skipped', { worker: id, job: job.id, submission: submissionId, reason: 'already graded or gone' });
        continue;
      }
      logEvent('info', 'grading.started', { worker: id, job: job.id, submission: submissionId, exercise: row.exercise_id, attempt: job.retryCount + 1, gradingAttempts: row.grading_attempts });
      if (testHook && row.code.includes(TEST_MARKER)) {
        logEvent('warn', 'worker.test_hook', { worker: id, hook: testHook, submission: submissionId });
        if (testHook === 'crash') process.kill(process.pid, 'SIGKILL');
        if (testHook === 'hang') await new Promise<never>(() => undefined);
      }
      const result = await opts.grade({ exerciseId: row.exercise_id, code: row.code, mode: 'submit', locale: row.locale === 'zh' ? 'zh' : 'en' }, row.user_id);
      const stored = await storeVerdict(db, submissionId, result);
      if (stored) {
        graded++;
        logEvent('info', 'grading.done', {
          worker: id,
          job: job.id,
          submission: submissionId,
          exercise: row.exercise_id,
          status: result.status,
          score: result.score,
          gradeMs: result.timeMs,
          handleMs: Math.round(performance.now() - t0),
          latencyMs: Number(stored.graded_at) - Number(stored.created_at),
        });
      } else {
        logEvent('info', 'grading.duplicate', { worker: id, job: job.id, submission: submissionId, note: 'another delivery stored the verdict first; nothing written' });
      }
    }
  };

  const handleDead = async (jobs: PgBoss.Job<GradeJobData>[]): Promise<void> => {
    for (const job of jobs) {
      const stored = await storeGradingFailed(db, job.data.submissionId);
      logEvent(stored ? 'error' : 'info', stored ? 'grading.failed_permanently' : 'grading.dead_letter_ignored', { worker: id, job: job.id, submission: job.data.submissionId });
    }
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
      await listener.end().catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
      await unregisterWorker(db, id).catch(() => undefined);
      logEvent('info', 'worker.stopped', { worker: id, graded });
    },
  };
}
