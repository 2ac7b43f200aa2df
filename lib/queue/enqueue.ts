import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/schema';
import { ENQUEUED_CHANNEL, GRADE_QUEUE } from './config';
import { priorityOf, type GradeJobData } from './jobs';

export type { GradeJobData } from './jobs';

/**
 * pg-boss's `db` option: its SQL runs on the given Kysely connection, so inside a transaction the
 * job commits or rolls back with the submission row.
 */
export function kyselyExecutor(db: Kysely<Database> | Transaction<Database>): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * Enqueues the grading of a recorded submission on `db`, which should be the transaction that
 * recorded it. The job id is a fresh one (a re-enqueued submission gets a second job); the NOTIFY
 * is delivered at commit and wakes idle workers.
 */
export async function enqueueGrading(boss: PgBoss, db: Kysely<Database> | Transaction<Database>, submissionId: string): Promise<string> {
  return (await enqueueJobs(boss, db, [{ submissionId }]))[0]!;
}

/** Enqueues several jobs on `db` (students' submissions before regrades), with one NOTIFY. */
export async function enqueueJobs(boss: PgBoss, db: Kysely<Database> | Transaction<Database>, jobs: GradeJobData[]): Promise<string[]> {
  const ids: string[] = [];
  for (const data of jobs) {
    const jobId = await boss.send(GRADE_QUEUE, data, { db: kyselyExecutor(db), priority: priorityOf(data) });
    if (!jobId) throw new Error(`the grading of submission ${data.submissionId} could not be enqueued`);
    ids.push(jobId);
  }
  if (jobs.length > 0) await sql`select pg_notify(${ENQUEUED_CHANNEL}, ${jobs[0]!.submissionId})`.execute(db);
  return ids;
}
