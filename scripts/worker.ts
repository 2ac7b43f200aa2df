/**
 * `npm run worker`: a grading worker. Takes grading jobs from the PostgreSQL queue and grades
 * them in a warm sandbox pool (one child per unit of concurrency). Needs only DATABASE_URL, so it
 * can run on any machine that reaches the database; run as many as the load needs.
 *
 *   DATABASE_URL=postgres://… npm run worker
 *
 * Settings (environment): DELTALAB_WORKER_CONCURRENCY (default: one per core),
 * DELTALAB_GRADING_EXPIRE_SECONDS, DELTALAB_GRADING_RETRY_LIMIT, DELTALAB_QUEUE_POLL_SECONDS,
 * DELTALAB_QUEUE_MAINTENANCE_SECONDS, DELTALAB_WORKER_HEARTBEAT_SECONDS (see README, Deployment).
 * Logs are JSON lines. SIGTERM/SIGINT stop it gracefully (running gradings finish first).
 */
import { createPool } from '../grader/pool';
import { closeDb, getConnection } from '../lib/db';
import { databaseConfig } from '../lib/db/connection';
import { logEvent } from '../lib/log';
import { queueSettings } from '../lib/queue/config';
import { startGradingWorker } from '../lib/queue/worker';

async function main(): Promise<void> {
  // Refuse before touching any database: SQLite sites grade in the web server.
  if (databaseConfig().kind !== 'postgres') {
    logEvent('error', 'worker.refused', { reason: 'DATABASE_URL must be a postgres:// URL: with SQLite the web server grades in process' });
    process.exit(2);
  }
  const connection = await getConnection();
  if (connection.config.kind !== 'postgres') throw new Error('unreachable: the configuration changed while starting');
  const settings = queueSettings();
  const pool = createPool({ size: settings.concurrency });
  await pool.ready();
  const worker = await startGradingWorker({ url: connection.config.url, db: connection.db, grade: (job, owner) => pool.grade(job, { owner }), settings });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logEvent('info', 'worker.stopping', { worker: worker.id, signal });
    void worker
      .stop()
      .then(() => pool.close())
      .then(() => closeDb())
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logEvent('error', 'worker.stop_failed', { error: err });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  logEvent('error', 'worker.crashed', { error: err, stack: (err as Error)?.stack });
  process.exit(1);
});
