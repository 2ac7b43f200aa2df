import PgBoss from 'pg-boss';
import { logEvent } from '../log';
import { BOSS_SCHEMA, GRADE_DEAD_QUEUE, GRADE_QUEUE, LTI_SCORE_QUEUE, queueSettings, type QueueSettings } from './config';

/**
 * pg-boss instances. A web server's only sends (inside its own transactions) and never runs
 * maintenance; a worker's fetches jobs and also runs maintenance, which is what notices a job
 * whose worker died (expiry) and schedules its retry.
 */
export async function startBoss(url: string, role: 'web' | 'worker', settings: QueueSettings = queueSettings()): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: BOSS_SCHEMA,
    max: role === 'worker' ? Math.max(4, settings.concurrency + 2) : 2,
    supervise: role === 'worker',
    schedule: false,
    maintenanceIntervalSeconds: settings.maintenanceSeconds,
    application_name: `deltalab-${role}`,
  });
  boss.on('error', (err: Error) => logEvent('error', 'queue.error', { role, error: err }));
  await boss.start();
  await ensureQueues(boss, settings);
  // Workers own the grading policy: the last one started applies its expiry and retries.
  if (role === 'worker') {
    await boss.updateQueue(GRADE_QUEUE, { name: GRADE_QUEUE, retryLimit: settings.retryLimit, retryDelay: settings.retryDelaySeconds, expireInSeconds: settings.expireSeconds, deadLetter: GRADE_DEAD_QUEUE });
    await boss.updateQueue(LTI_SCORE_QUEUE, ltiScoreQueue(settings));
  }
  return boss;
}

/** Score deliveries to LMSs: retried with a doubling wait while the LMS is down. */
function ltiScoreQueue(settings: QueueSettings) {
  return { name: LTI_SCORE_QUEUE, retryLimit: settings.ltiRetryLimit, retryDelay: settings.ltiRetryDelaySeconds, retryBackoff: true, expireInSeconds: 60 };
}

/** Creates the queues once; two processes starting together may race, and the loser re-checks. */
export async function ensureQueues(boss: PgBoss, settings: QueueSettings): Promise<void> {
  const wanted: [string, Parameters<PgBoss['createQueue']>[1]][] = [
    [GRADE_DEAD_QUEUE, { name: GRADE_DEAD_QUEUE, retryLimit: 5, retryDelay: 1, expireInSeconds: 60 }],
    [
      GRADE_QUEUE,
      {
        name: GRADE_QUEUE,
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
        expireInSeconds: settings.expireSeconds,
        deadLetter: GRADE_DEAD_QUEUE,
      },
    ],
    [LTI_SCORE_QUEUE, ltiScoreQueue(settings)],
  ];
  for (const [name, options] of wanted) {
    if (await boss.getQueue(name)) continue;
    try {
      await boss.createQueue(name, options);
    } catch (err) {
      if (!(await boss.getQueue(name))) throw err;
    }
  }
}
