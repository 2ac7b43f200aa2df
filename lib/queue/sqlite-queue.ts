import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { completeJob, insertJobIfMissing, insertJobs, insertTakenJob, listTakenJobs, nextDueAt, pruneFinishedJobs, reclaimJob, releaseJob, takeJob, type GradingJobRow, type TakenJob } from '../db/jobs';
import { requeue, type SubmissionRow } from '../db/submissions';
import { heartbeat, registerWorker, unregisterWorker } from '../db/workers';
import { logEvent } from '../log';
import type { QueueSettings } from './config';
import { failJob, gradeAndStore, type GradeContext } from './grade-and-store';
import type { GradingQueue } from './grading-queue';
import { gradingPool } from './grading-pool';
import { priorityOf, SUBMISSION_PRIORITY, type GradeJobData } from './jobs';
import { requeueSubmissions, resumeRuns } from './recovery';
import { testHookFromEnv } from './test-hook';

/**
 * The SQLite backend: a job table (migration 005) and a loop in the web process that takes jobs
 * and grades them in the process's sandbox pool. One machine, so waking is in process: a commit
 * that enqueued wakes the loop at once, and a stored verdict wakes the requests waiting for it;
 * polling (DELTALAB_QUEUE_POLL_SECONDS) only picks up what another process wrote.
 *
 * The process registers as a grading worker (heartbeat row, lib/db/workers.ts). A job taken by a
 * process that is gone (its pid no longer runs on this host, or no heartbeat for
 * DELTALAB_GRADING_EXPIRE_SECONDS) is queued again, at most DELTALAB_GRADING_RETRY_LIMIT times;
 * then the submission ends `grading_failed`. A grading that could not run (the pool busy or
 * restarting) is put back with a growing delay and never dropped.
 */

/** An idle taker; `reserved` while a transaction may hand it a job. */
interface Sleeper {
  reserved: boolean;
  wake(handed?: GradingJobRow): void;
}

/** Delays before a job the pool could not take is tried again; the last one repeats. */
const RELEASE_DELAYS_MS = [500, 2_000, 5_000, 15_000];
/** How often in-flight submissions older than this without a job are looked for. */
const ORPHAN_SWEEP_MS = 60_000;
const DONE_KEPT_MS = 24 * 60 * 60 * 1000;

export class SqliteGradingQueue implements GradingQueue {
  readonly backend = 'sqlite' as const;
  readonly workerId = randomUUID();
  private readonly identity;
  private registered: Promise<void> | undefined;
  private stopped = false;
  private wakeGeneration = 0;
  private readonly sleepers = new Set<Sleeper>();
  private readonly waiters = new Map<string, Set<(row: SubmissionRow) => void>>();
  private readonly slots: Promise<void>[] = [];
  private timers: NodeJS.Timeout[] = [];
  private graded = 0;
  private lastOrphanSweep = Date.now();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: QueueSettings,
    private readonly concurrency: number,
  ) {
    this.identity = { id: this.workerId, host: os.hostname(), pid: process.pid, concurrency };
  }

  async transaction<T>(work: (trx: Transaction<Database>, enqueue: (jobs: GradeJobData[]) => Promise<void>) => Promise<T>): Promise<T> {
    // A taker idle now gets a student's job straight from the commit, written as already taken
    // by this process: no poll and no take query between the submit and its grading.
    const reserved = this.stopped ? undefined : [...this.sleepers].find((s) => !s.reserved);
    if (reserved) reserved.reserved = true;
    let handed: GradingJobRow | undefined;
    let enqueued = 0;
    let out: T;
    try {
      out = await this.db.transaction().execute((trx) =>
        work(trx, async (jobs) => {
          const specs = jobs.map((j) => ({ ...j, priority: priorityOf(j) }));
          const first = reserved && !handed ? specs.findIndex((s) => s.priority === SUBMISSION_PRIORITY) : -1;
          if (first >= 0) handed = await insertTakenJob(trx, specs.splice(first, 1)[0]!, this.workerId);
          await insertJobs(trx, specs);
          enqueued += specs.length;
        }),
      );
    } catch (err) {
      // Rolled back: nothing was handed over.
      reserved?.wake();
      throw err;
    }
    // After the commit: no taker may look before the job is visible.
    reserved?.wake(handed);
    if (enqueued > 0) this.wake(enqueued);
    return out;
  }

  async enqueueMissing(jobs: GradeJobData[]): Promise<GradeJobData[]> {
    const enqueued: GradeJobData[] = [];
    for (const job of jobs) if (await insertJobIfMissing(this.db, { ...job, priority: priorityOf(job) })) enqueued.push(job);
    if (enqueued.length > 0) this.wake(enqueued.length);
    return enqueued;
  }

  async waitForVerdict(id: string, ms: number, isFinal: () => Promise<boolean>): Promise<SubmissionRow | undefined> {
    const deadline = Date.now() + ms;
    let wake!: (row: SubmissionRow) => void;
    const woken = new Promise<SubmissionRow>((resolve) => (wake = resolve));
    const set = this.waiters.get(id) ?? new Set();
    set.add(wake);
    this.waiters.set(id, set);
    let timer: NodeJS.Timeout | undefined;
    try {
      // A verdict stored by another process sharing the file has no in-process wake-up: look
      // again now and then (rarely: on one machine this process normally grades it itself).
      while (!(await isFinal())) {
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), Math.min(left, 1_000))));
        const got = await Promise.race([woken, tick]);
        clearTimeout(timer);
        if (got !== 'tick') return got;
      }
      return undefined;
    } finally {
      clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
    }
  }

  async recover(): Promise<void> {
    await this.start();
    await this.reclaimLost();
    await requeueSubmissions(this, this.db);
    await resumeRuns(this, this.db);
  }

  /** Starts the loop: registers this process as a worker, then `concurrency` takers. Idempotent. */
  start(): Promise<void> {
    if (this.registered) return this.registered;
    this.registered = registerWorker(this.db, this.identity);
    for (let i = 0; i < this.concurrency; i++) this.slots.push(this.slot(i));
    const beat = setInterval(() => void this.tick(), this.settings.heartbeatSeconds * 1000);
    beat.unref();
    this.timers.push(beat);
    logEvent('info', 'worker.started', { worker: this.workerId, backend: 'sqlite', concurrency: this.concurrency, expireSeconds: this.settings.expireSeconds, retryLimit: this.settings.retryLimit });
    return this.registered;
  }

  async close(timeoutMs = 30_000): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.slots), new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    if (this.registered) await unregisterWorker(this.db, this.workerId).catch(() => undefined);
    logEvent('info', 'worker.stopped', { worker: this.workerId, graded: this.graded });
  }

  /**
   * Wakes `count` idle takers (one per job enqueued: waking them all would have the others race
   * for the connection and delay the one that got the job), or all of them.
   */
  private wake(count = Infinity): void {
    this.wakeGeneration++;
    for (const s of [...this.sleepers]) {
      if (count <= 0) break;
      if (s.reserved) continue;
      count--;
      s.wake();
    }
  }

  private announce(id: string, row: SubmissionRow): void {
    const set = this.waiters.get(id);
    if (!set) return;
    this.waiters.delete(id);
    for (const w of set) w(row);
  }

  private async slot(index: number): Promise<void> {
    try {
      await this.registered;
    } catch (err) {
      logEvent('error', 'worker.register_failed', { worker: this.workerId, error: err });
    }
    while (!this.stopped) {
      const generation = this.wakeGeneration;
      let job: GradingJobRow | undefined;
      try {
        job = await takeJob(this.db, this.workerId);
      } catch (err) {
        if (this.stopped) break;
        logEvent('error', 'queue.take_failed', { worker: this.workerId, error: err });
        await this.sleep(generation, 1_000);
        continue;
      }
      if (!job) job = await this.sleep(generation, await this.idleDelay(index));
      if (job) await this.handle(job);
    }
  }

  /**
   * Until a wake-up (unless one came since `generation` was read) or `ms` pass; resolves with the
   * job a committing transaction handed over, if any. A reserved sleeper ignores its timer: the
   * transaction that reserved it always wakes it, with or without a job.
   */
  private async sleep(generation: number, ms: number): Promise<GradingJobRow | undefined> {
    if (this.stopped || generation !== this.wakeGeneration) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const job = await new Promise<GradingJobRow | undefined>((resolve) => {
      const sleeper: Sleeper = {
        reserved: false,
        wake: (handed) => {
          this.sleepers.delete(sleeper);
          resolve(handed);
        },
      };
      this.sleepers.add(sleeper);
      timer = setTimeout(() => {
        if (!sleeper.reserved) sleeper.wake();
      }, ms);
    });
    clearTimeout(timer);
    return job;
  }

  /** Only the first taker polls at DELTALAB_QUEUE_POLL_SECONDS; the others are woken in process. */
  private async idleDelay(index: number): Promise<number> {
    const poll = this.settings.pollSeconds * 1000 * (index === 0 ? 1 : 10);
    const due = await nextDueAt(this.db).catch(() => undefined);
    return due === undefined ? poll : Math.max(0, Math.min(poll, due - Date.now()));
  }

  private context(fields: Record<string, unknown>): GradeContext {
    return {
      db: this.db,
      grade: (job, owner) => gradingPool().grade(job, { owner }),
      announce: (id, row) => this.announce(id, row),
      afterClaim: testHookFromEnv({ worker: this.workerId }),
      fields: { worker: this.workerId, ...fields },
    };
  }

  private async handle(job: GradingJobRow): Promise<void> {
    const data: GradeJobData = job.run_id ? { submissionId: job.submission_id, runId: job.run_id } : { submissionId: job.submission_id };
    const attempts = Number(job.attempts);
    try {
      const outcome = await gradeAndStore(this.context({ job: job.id, attempt: attempts }), data);
      if (outcome.kind === 'stored') this.graded++;
      await completeJob(this.db, job.id, this.workerId);
    } catch (err) {
      // The pool could not take it (busy, restarting, closed): back in the queue, never dropped.
      const delay = RELEASE_DELAYS_MS[Math.min(attempts - 1, RELEASE_DELAYS_MS.length - 1)]!;
      logEvent('warn', 'grading.could_not_run', { worker: this.workerId, job: job.id, submission: job.submission_id, error: err, retryInMs: delay });
      try {
        if (!job.run_id) await requeue(this.db, job.submission_id);
        await releaseJob(this.db, job.id, this.workerId, Date.now() + delay);
      } catch (releaseErr) {
        // The job stays taken by this live process; close() or the next start takes it back.
        logEvent('error', 'queue.release_failed', { worker: this.workerId, job: job.id, error: releaseErr });
      }
    }
  }

  /** Heartbeat, jobs of dead processes, and now and then submissions without a job. */
  private async tick(): Promise<void> {
    try {
      await heartbeat(this.db, { ...this.identity, graded: this.graded });
      await this.reclaimLost();
      if (Date.now() - this.lastOrphanSweep >= ORPHAN_SWEEP_MS) {
        this.lastOrphanSweep = Date.now();
        await requeueSubmissions(this, this.db, { olderThan: Date.now() - ORPHAN_SWEEP_MS });
        await pruneFinishedJobs(this.db, Date.now() - DONE_KEPT_MS);
      }
    } catch (err) {
      logEvent('warn', 'queue.sweep_failed', { worker: this.workerId, error: err });
    }
  }

  /** Takes back the jobs held by processes that are gone. Returns how many. */
  async reclaimLost(): Promise<number> {
    const now = Date.now();
    let reclaimed = 0;
    for (const job of await listTakenJobs(this.db)) {
      if (job.taken_by === this.workerId || !this.isGone(job, now)) continue;
      const outcome = await reclaimJob(this.db, job, this.settings.retryLimit, this.settings.retryDelaySeconds * 1000);
      if (!outcome) continue;
      reclaimed++;
      const data: GradeJobData = job.run_id ? { submissionId: job.submission_id, runId: job.run_id } : { submissionId: job.submission_id };
      logEvent('warn', 'queue.job_reclaimed', { worker: this.workerId, job: job.id, submission: job.submission_id, from: job.taken_by, outcome, lost: job.lost + 1 });
      if (outcome === 'failed') await failJob(this.context({ job: job.id }), data);
      if (job.worker_host === this.identity.host && job.taken_by && job.worker_pid !== null && !pidRuns(job.worker_pid)) await unregisterWorker(this.db, job.taken_by);
    }
    if (reclaimed > 0) this.wake();
    return reclaimed;
  }

  private isGone(job: TakenJob, now: number): boolean {
    if (job.worker_seen_at === null) return true; // no heartbeat row: stopped, or never registered
    if (job.worker_seen_at < now - this.settings.expireSeconds * 1000) return true;
    return job.worker_host === this.identity.host && job.worker_pid !== null && !pidRuns(job.worker_pid);
  }
}

/** Whether a process with this pid runs on this host (a reused pid only delays the reclaim until its heartbeat is stale). */
function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
