import { sql, type Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/schema';
import { deliverRow } from '../lti/ags';
import { logEvent } from '../log';
import { BOSS_SCHEMA, LTI_SCORE_QUEUE, type QueueSettings } from './config';

/**
 * Grade passback on PostgreSQL: the grading workers deliver LMS scores as pg-boss jobs, not the web
 * process. The outbox (lib/lti/ags.ts) stays the record of what must be sent; each pending row gets
 * one job whose id is the row's id, so sending it twice is impossible (pg-boss keeps one job per
 * id) and a job run twice is harmless (deliverRow skips a row that is no longer pending). A failed
 * delivery throws, and pg-boss retries the job with a doubling wait (the lti-score queue's
 * retryBackoff) while the LMS is down. Rows are found by a sweep every few seconds, so queuing a
 * score stays one insert wherever it happens (the worker's grading, a staff action on the web).
 */
export interface ScoreJobData {
  outboxId: string;
}

/** Pending rows that have no job yet (never had one, or theirs was archived long ago). */
async function rowsWithoutJob(db: Kysely<Database>, limit = 200): Promise<string[]> {
  const result = await sql<{ id: string }>`
    select o.id from lti_score_outbox o
    where o.state = 'pending'
      and not exists (select 1 from ${sql.table(`${BOSS_SCHEMA}.job`)} j where j.name = ${LTI_SCORE_QUEUE} and j.id = o.id::uuid)
    order by o.created_at
    limit ${limit}`.execute(db);
  return result.rows.map((r) => r.id);
}

/** Gives every pending outbox row its delivery job. Returns how many jobs were made. */
export async function sweepScoreOutbox(boss: PgBoss, db: Kysely<Database>): Promise<number> {
  let made = 0;
  for (const id of await rowsWithoutJob(db)) {
    // Same id, same job: a second sweep (or another worker's) making it again inserts nothing.
    if (await boss.send(LTI_SCORE_QUEUE, { outboxId: id } satisfies ScoreJobData, { id })) made++;
  }
  return made;
}

export async function startScoreJobs(boss: PgBoss, db: Kysely<Database>, settings: QueueSettings, fields: Record<string, unknown> = {}): Promise<() => void> {
  await boss.work<ScoreJobData>(LTI_SCORE_QUEUE, { batchSize: 1, pollingIntervalSeconds: Math.max(settings.pollSeconds, 1) }, async ([job]) => {
    if (!job) return;
    const { outcome, error } = await deliverRow(db, job.data.outboxId);
    // Thrown: pg-boss marks the attempt failed and schedules the next after its backoff.
    if (outcome === 'failed') throw new Error(error ?? 'score delivery failed');
    if (outcome === 'sent') logEvent('info', 'lti.score_sent', { ...fields, outbox: job.data.outboxId });
  });
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepScoreOutbox(boss, db)
      .catch((err: unknown) => logEvent('warn', 'lti.score_sweep_failed', { ...fields, error: err }))
      .finally(() => (running = false));
  }, settings.ltiSweepSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
