import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { logEvent } from '../log';
import { enqueueJobs } from './enqueue';
import type { GradingQueue } from './grading-queue';
import type { GradeJobData } from './jobs';
import { resumeRuns } from './recovery';
import { closeWebQueue, liveJob, requeueOrphans, waitForVerdict, webBoss } from './web';

/**
 * The PostgreSQL backend, as a web server sees it: jobs go to pg-boss in the caller's
 * transaction, verdicts are learnt through LISTEN/NOTIFY, and grading workers (`npm run worker`,
 * lib/queue/worker.ts) take the jobs. A job whose worker died expires and is retried by pg-boss;
 * past its retries the dead-letter queue ends it as `grading_failed`.
 */
export class PgGradingQueue implements GradingQueue {
  readonly backend = 'postgres' as const;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly url: string,
  ) {}

  async transaction<T>(work: (trx: Transaction<Database>, enqueue: (jobs: GradeJobData[]) => Promise<void>) => Promise<T>): Promise<T> {
    const boss = await webBoss(this.url);
    return this.db.transaction().execute((trx) =>
      work(trx, async (jobs) => {
        await enqueueJobs(boss, trx, jobs);
      }),
    );
  }

  /**
   * Each job in its own transaction, under a row lock (the submission for a grading, the run for
   * a regrade), so two web servers recovering at once do not both enqueue it.
   */
  async enqueueMissing(jobs: GradeJobData[]): Promise<GradeJobData[]> {
    const boss = await webBoss(this.url);
    const enqueued: GradeJobData[] = [];
    for (const job of jobs) {
      const done = await this.db.transaction().execute(async (trx) => {
        const lock = job.runId
          ? trx.selectFrom('regrade_run').select('id').where('id', '=', job.runId).where('status', '=', 'running')
          : trx.selectFrom('submission').select('id').where('id', '=', job.submissionId).where('status', 'in', ['queued', 'grading']);
        if (!(await lock.forUpdate().executeTakeFirst())) return false;
        // A fresh statement after the lock sees a job another server committed meanwhile.
        const live = await sql`select exists (${liveJob(job.submissionId, job.runId ?? null)}) as live`.execute(trx);
        if ((live.rows[0] as { live: boolean }).live) return false;
        await enqueueJobs(boss, trx, [job]);
        return true;
      });
      if (done) enqueued.push(job);
    }
    return enqueued;
  }

  async waitForVerdict(id: string, ms: number, isFinal: () => Promise<boolean>): Promise<undefined> {
    await waitForVerdict(this.url, id, ms, isFinal);
    return undefined;
  }

  async recover(): Promise<void> {
    try {
      await requeueOrphans(this.db, await webBoss(this.url));
      await resumeRuns(this, this.db);
    } finally {
      this.startSweep();
    }
  }

  /** Every minute, submissions in flight for over a minute without a job get one. */
  private startSweep(intervalMs = 60_000): void {
    if (this.sweep) return;
    this.sweep = setInterval(() => {
      void (async () => requeueOrphans(this.db, await webBoss(this.url), { olderThan: Date.now() - intervalMs }))().catch((err: unknown) => logEvent('error', 'queue.sweep_failed', { error: err }));
    }, intervalMs);
    this.sweep.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    this.sweep = undefined;
    await closeWebQueue();
  }
}
