import { sql, type Kysely } from 'kysely';
import type { GradingResult, Locale } from '../../grader/results';
import * as messages from '../i18n/messages/queue';
import type { Database } from '../db/schema';
import { storeResult, type SubmissionRow } from '../db/submissions';
import { GRADED_CHANNEL } from './config';

/**
 * Writing verdicts, for both queue backends (lib/queue/grade-and-store.ts is the one caller).
 * Every write is guarded by the row still being in flight (lib/db/submissions.ts storeResult), so
 * a duplicate delivery or a late worker cannot overwrite or double-count a verdict: the first one
 * stored wins. Waiters are told by the backend (an in-process wake-up on SQLite, NOTIFY on
 * PostgreSQL), not here.
 */

/** The result a student sees when every attempt to grade their submission crashed. */
export function gradingFailedResult(row: Pick<SubmissionRow, 'exercise_id' | 'exercise_version' | 'locale'>): GradingResult {
  const locale: Locale = row.locale === 'zh' ? 'zh' : 'en';
  return {
    exercise: row.exercise_id,
    version: row.exercise_version,
    mode: 'submit',
    status: 'grading_failed',
    score: 0,
    points: 0,
    maxPoints: 0,
    summary: messages[locale].summary,
    summaryI18n: { key: 'feedback.gradingFailedSummary' },
    checks: [],
    compileErrors: [],
    console: { text: '', truncated: false },
    timeMs: 0,
  };
}

/** Stores a grader verdict; undefined when the row already had one (nothing is written). */
export async function storeVerdict(db: Kysely<Database>, id: string, result: GradingResult): Promise<SubmissionRow | undefined> {
  const stored = await storeResult(db, id, {
    status: result.status,
    score: result.score,
    points: result.points,
    maxPoints: result.maxPoints,
    resultJson: JSON.stringify(result),
    gradeMs: result.timeMs,
  });
  return stored;
}

/** Ends a submission whose grading kept crashing: `grading_failed`, score 0. */
export async function storeGradingFailed(db: Kysely<Database>, id: string): Promise<SubmissionRow | undefined> {
  const row = await db.selectFrom('submission').select(['exercise_id', 'exercise_version', 'locale']).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return storeVerdict(db, id, gradingFailedResult(row));
}

/** Wakes the web servers waiting for this submission (PostgreSQL LISTEN/NOTIFY only). */
export async function notifyGraded(db: Kysely<Database>, id: string): Promise<void> {
  await sql`select pg_notify(${GRADED_CHANNEL}, ${id})`.execute(db);
}
