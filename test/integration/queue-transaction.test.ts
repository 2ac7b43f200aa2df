import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPool, type GraderPool } from '../../grader/pool';
import { ON_POSTGRES, waitUntil } from './queue-helpers';
import { signUpStudent, useTempSiteEnv, viewerFor } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * The grading queue on PostgreSQL, in one process: the job is written in the submit transaction,
 * duplicate deliveries store one verdict, recovery re-enqueues only rows without a job.
 * (PostgreSQL pass only: `npm run test:pg`.)
 */
const env = useTempSiteEnv();
const solution = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
let pool: GraderPool | undefined;
let userId: string;

async function jobsFor(submissionId: string): Promise<{ id: string; name: string; state: string }[]> {
  const { getDb } = await import('../../lib/db');
  const result = await sql<{ id: string; name: string; state: string }>`
    select id, name, state::text as state from pgboss.job where data->>'submissionId' = ${submissionId} order by created_on`.execute(await getDb());
  return result.rows;
}

function newRow(key: string, code = solution) {
  return { user_id: userId, exercise_id: 'sigmoid-prime', exercise_version: 'v-test', mode: 'submit' as const, code, idempotency_key: key, locale: 'en', created_at: Date.now() };
}

describe.skipIf(!ON_POSTGRES)('grading queue (PostgreSQL)', () => {
  beforeAll(async () => {
    // No worker yet: jobs stay on the queue until a test starts one.
    const { prepareSite } = await import('../../lib/site/startup');
    await prepareSite({ recover: false, log: () => undefined });
    userId = (await viewerFor(await signUpStudent('queue@example.com')))!.id;
  }, 60_000);

  afterAll(async () => {
    await pool?.close();
    const { closeDb } = await import('../../lib/db');
    await closeDb();
    env.cleanup();
  });

  it('enqueues the job in the submit transaction: committed together, rolled back together', async () => {
    const { getDb } = await import('../../lib/db');
    const { newId } = await import('../../lib/db/ids');
    const { insertSubmission } = await import('../../lib/db/submissions');
    const { enqueueGrading } = await import('../../lib/queue/enqueue');
    const { webBoss } = await import('../../lib/queue/web');
    const { recordSubmission } = await import('../../lib/site/grading');
    const db = await getDb();
    const boss = await webBoss(process.env.DATABASE_URL!);

    // The real submit path: one row, one job, waiting for a worker.
    const { row, created } = await recordSubmission({ ...newRow('tx-commit-1'), id: newId() });
    expect(created).toBe(true);
    expect(await jobsFor(row.id)).toEqual([expect.objectContaining({ name: 'grade', state: 'created' })]);
    // A retried idempotency key records nothing and enqueues nothing.
    const again = await recordSubmission({ ...newRow('tx-commit-1'), id: newId() });
    expect(again).toMatchObject({ created: false, row: { id: row.id } });
    expect(await jobsFor(row.id)).toHaveLength(1);

    // The same statements, in a transaction that fails after the enqueue: neither row nor job.
    const id = newId();
    await expect(
      db.transaction().execute(async (trx) => {
        await insertSubmission(trx, { ...newRow('tx-rollback-1'), id });
        await enqueueGrading(boss, trx, id);
        expect(await jobsFor(id)).toHaveLength(0); // not visible outside the transaction yet
        throw new Error('the request failed after enqueueing');
      }),
    ).rejects.toThrow('the request failed after enqueueing');
    expect(await db.selectFrom('submission').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    expect(await jobsFor(id)).toEqual([]);
  });

  it('recovery re-enqueues only submissions in flight without a live job', async () => {
    const { getDb } = await import('../../lib/db');
    const { newId } = await import('../../lib/db/ids');
    const { insertSubmission } = await import('../../lib/db/submissions');
    const { requeueOrphans, webBoss } = await import('../../lib/queue/web');
    const db = await getDb();
    const boss = await webBoss(process.env.DATABASE_URL!);
    // A row without a job (as after restoring a backup taken between the two).
    const { row: orphan } = await insertSubmission(db, { ...newRow('orphan-1'), id: newId() });
    const first = await requeueOrphans(db, boss);
    expect(first).toEqual([orphan.id]); // the submission of the previous test still has its job
    expect(await jobsFor(orphan.id)).toHaveLength(1);
    // Two web servers recovering at once do not enqueue it twice; nothing is left to do.
    const [a, b] = await Promise.all([requeueOrphans(db, boss), requeueOrphans(db, boss)]);
    expect([...a, ...b]).toEqual([]);
    expect(await jobsFor(orphan.id)).toHaveLength(1);
  });

  it('the web side never grades a recorded submission: submit answers 202, start-up recovery only enqueues', async () => {
    const { NextRequest } = await import('next/server');
    const { getDb } = await import('../../lib/db');
    const { newId } = await import('../../lib/db/ids');
    const { insertSubmission } = await import('../../lib/db/submissions');
    const { setGradingPool, recoverOnStart } = await import('../../lib/site/grading');
    const { POST } = await import('../../app/api/submissions/route');
    const db = await getDb();
    // A pool that records any use: on PostgreSQL the web side must not touch it for submissions.
    const used: string[] = [];
    setGradingPool({
      grade: async (job) => {
        used.push(job.exerciseId);
        throw new Error('the web server graded a submission');
      },
      stats: () => ({ size: 0, idle: 0, busy: 0, queued: 0, restarts: 0, gradings: 0 }),
      close: async () => undefined,
      ready: async () => undefined,
    });
    try {
      const cookie = await signUpStudent('web-only@example.com');
      const res = await POST(
        new NextRequest('http://localhost:3000/api/submissions', {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', origin: 'http://localhost:3000' },
          body: JSON.stringify({ exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'web-only-1' }),
        }),
      );
      expect(res.status).toBe(202);
      const { submission } = (await res.json()) as { submission: { id: string; status: string } };
      expect(submission.status).toBe('queued');
      expect(await jobsFor(submission.id)).toEqual([expect.objectContaining({ name: 'grade', state: 'created' })]);

      // Start-up recovery: a row without a job gets one; a row with a job is left to the queue.
      const { row: orphan } = await insertSubmission(db, { ...newRow('web-only-orphan'), id: newId() });
      await recoverOnStart();
      expect(await jobsFor(orphan.id)).toHaveLength(1);
      expect(await jobsFor(submission.id)).toHaveLength(1);
      expect((await db.selectFrom('submission').select('status').where('id', 'in', [submission.id, orphan.id]).execute()).map((r) => r.status)).toEqual(['queued', 'queued']);
      expect(used).toEqual([]);
    } finally {
      setGradingPool(undefined);
    }
  });

  it('duplicate deliveries store one verdict, counted once', async () => {
    const { getDb } = await import('../../lib/db');
    const { newId } = await import('../../lib/db/ids');
    const { progressForUser } = await import('../../lib/db/submissions');
    const { enqueueGrading } = await import('../../lib/queue/enqueue');
    const { webBoss } = await import('../../lib/queue/web');
    const { recordSubmission } = await import('../../lib/site/grading');
    const { startGradingWorker } = await import('../../lib/queue/worker');
    const { queueSettings } = await import('../../lib/queue/config');
    const db = await getDb();
    const boss = await webBoss(process.env.DATABASE_URL!);

    const dupCode = `${solution}\n// duplicate delivery\n`;
    const { row } = await recordSubmission({ ...newRow('dup-1', dupCode), id: newId() });
    // The same submission delivered again (a job re-sent by a retry, a second recovery, …).
    await enqueueGrading(boss, db, row.id);
    await enqueueGrading(boss, db, row.id);
    expect(await jobsFor(row.id)).toHaveLength(3);

    pool = createPool({ size: 2 });
    await pool.ready();
    const gradings: string[] = [];
    const worker = await startGradingWorker({
      url: process.env.DATABASE_URL!,
      db,
      grade: async (job) => {
        if (job.code === dupCode) gradings.push(job.code);
        return pool!.grade(job);
      },
      settings: { ...queueSettings(), concurrency: 2, pollSeconds: 0.5 },
    });
    try {
      // Every job of every submission ends completed (the previous tests' two as well).
      await waitUntil(async () => {
        const states = (await jobsFor(row.id)).map((j) => j.state);
        return states.every((s) => s === 'completed') ? states : undefined;
      }, 60_000, 'the three deliveries to complete');
    } finally {
      await worker.stop();
    }
    const stored = await db.selectFrom('submission').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe('passed');
    expect(stored.score).toBe(1);
    // Deliveries that found the verdict already stored did not grade; concurrent ones may have.
    expect(gradings.length).toBeGreaterThanOrEqual(1);
    expect(gradings.length).toBeLessThanOrEqual(3);
    expect(stored.grading_attempts).toBe(gradings.length);
    // One attempt in the student's progress, whatever the deliveries.
    const progress = await progressForUser(db, userId, 'sigmoid-prime');
    const submissions = await db.selectFrom('submission').select('id').where('user_id', '=', userId).execute();
    expect(progress).toEqual([{ exercise_id: 'sigmoid-prime', best_score: 1, attempts: submissions.length }]);

    // A late delivery after the verdict changes nothing.
    const before = stored;
    await enqueueGrading(boss, db, row.id);
    const late = await startGradingWorker({ url: process.env.DATABASE_URL!, db, grade: (job) => pool!.grade(job), settings: { ...queueSettings(), concurrency: 1, pollSeconds: 0.5 } });
    try {
      await waitUntil(async () => ((await jobsFor(row.id)).every((j) => j.state === 'completed') ? true : undefined), 30_000, 'the late delivery');
    } finally {
      await late.stop();
    }
    const after = await db.selectFrom('submission').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  }, 120_000);
});
