import os from 'node:os';

/**
 * The grading queue's settings, read from the environment by every process that touches the queue
 * (web servers enqueue with them, workers honour them). Bad values fail loudly at start-up rather
 * than silently falling back.
 */
export const GRADE_QUEUE = 'grade';
/** Jobs that used up their retries land here; a worker turns each into a `grading_failed` verdict. */
export const GRADE_DEAD_QUEUE = 'grade-failed';
/** Scores for LMS grade books (lib/lti/ags.ts): one job per outbox row, its id the row's id. */
export const LTI_SCORE_QUEUE = 'lti-score';
/** pg-boss's own tables live in this schema, beside the site's tables. */
export const BOSS_SCHEMA = 'pgboss';
/** Channel on which a worker announces a stored verdict (payload: submission id). */
export const GRADED_CHANNEL = 'deltalab_graded';
/** Channel on which a web server announces a new job, so idle workers fetch at once. */
export const ENQUEUED_CHANNEL = 'deltalab_enqueued';

export interface QueueSettings {
  /** A job active this long is presumed lost with its worker and retried elsewhere. */
  expireSeconds: number;
  /** Retries after the first attempt; then the submission ends as `grading_failed`. */
  retryLimit: number;
  retryDelaySeconds: number;
  /** How often some process looks for expired jobs (pg-boss maintenance). */
  maintenanceSeconds: number;
  /** Fallback polling of idle workers; new jobs normally wake them through NOTIFY. */
  pollSeconds: number;
  /** Gradings one worker process runs at once (one sandbox child each). */
  concurrency: number;
  /** How often a worker refreshes its heartbeat row. */
  heartbeatSeconds: number;
  /** How often a worker looks for LMS scores in the outbox that have no delivery job yet. */
  ltiSweepSeconds: number;
  /** First wait before a failed score delivery is tried again; it doubles each time (pg-boss backoff). */
  ltiRetryDelaySeconds: number;
  /** Deliveries of one score before it stays failed (and waits for staff's "resend"). */
  ltiRetryLimit: number;
}

function num(env: Record<string, string | undefined>, name: string, fallback: number, opts: { min: number; integer?: boolean }): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < opts.min || (opts.integer && !Number.isInteger(n))) {
    throw new Error(`${name} must be ${opts.integer ? 'an integer' : 'a number'} ≥ ${opts.min} (got "${raw}")`);
  }
  return n;
}

export function queueSettings(env: Record<string, string | undefined> = process.env): QueueSettings {
  return {
    expireSeconds: num(env, 'DELTALAB_GRADING_EXPIRE_SECONDS', 60, { min: 1, integer: true }),
    retryLimit: num(env, 'DELTALAB_GRADING_RETRY_LIMIT', 2, { min: 0, integer: true }),
    retryDelaySeconds: num(env, 'DELTALAB_GRADING_RETRY_DELAY_SECONDS', 1, { min: 0, integer: true }),
    maintenanceSeconds: num(env, 'DELTALAB_QUEUE_MAINTENANCE_SECONDS', 15, { min: 1, integer: true }),
    pollSeconds: num(env, 'DELTALAB_QUEUE_POLL_SECONDS', 2, { min: 0.5 }),
    concurrency: num(env, 'DELTALAB_WORKER_CONCURRENCY', os.availableParallelism(), { min: 1, integer: true }),
    heartbeatSeconds: num(env, 'DELTALAB_WORKER_HEARTBEAT_SECONDS', 5, { min: 1 }),
    ltiSweepSeconds: num(env, 'DELTALAB_LTI_SWEEP_SECONDS', 5, { min: 0.5 }),
    ltiRetryDelaySeconds: num(env, 'DELTALAB_LTI_RETRY_DELAY_SECONDS', 30, { min: 1, integer: true }),
    ltiRetryLimit: num(env, 'DELTALAB_LTI_RETRY_LIMIT', 12, { min: 0, integer: true }),
  };
}
