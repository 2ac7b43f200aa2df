import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../db/schema';
import { ENQUEUED_CHANNEL, GRADE_QUEUE } from './config';

/** What a grading job carries: only the submission's id; the worker reads the rest from its row. */
export interface GradeJobData {
  submissionId: string;
}

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
  const data: GradeJobData = { submissionId };
  const jobId = await boss.send(GRADE_QUEUE, data, { db: kyselyExecutor(db) });
  if (!jobId) throw new Error(`the grading of submission ${submissionId} could not be enqueued`);
  await sql`select pg_notify(${ENQUEUED_CHANNEL}, ${submissionId})`.execute(db);
  return jobId;
}
