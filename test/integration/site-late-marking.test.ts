import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signUpStudent, startSite, TEST_DB, useTempSiteEnv, viewerFor } from './site-helpers';
import { accountWithRole, viewerOf } from './staff-helpers';

vi.mock('server-only', () => ({}));

/**
 * A submission after its due date is marked late in the transaction that records it, with its
 * grading job: if any of the three cannot be written, none is. (Before, the mark was a second
 * write after the recording, and a crash between the two left a late submission unmarked.)
 * Runs on both databases.
 */
const env = useTempSiteEnv();
const solution = readFileSync('exercises/4.1-neurons/sigmoid-prime/.meta/solution.ts', 'utf8');
let student: string;

beforeAll(async () => {
  await startSite();
  student = await signUpStudent('late@example.com');
  const staff = await accountWithRole('dates@example.com', 'staff');
  const { setDeadline } = await import('../../lib/staff/deadlines');
  // Due a minute ago: every submission from now on is late.
  await setDeadline(await viewerOf(staff), { kind: 'exercise', targetId: 'sigmoid-prime', opensAt: null, dueAt: Date.now() - 60_000 });
}, 60_000);

afterAll(async () => {
  const { closeDb } = await import('../../lib/db');
  await closeDb();
  env.cleanup();
});

async function db() {
  const { getDb } = await import('../../lib/db');
  return getDb();
}

/** Grading jobs of any kind on this database's queue. */
async function jobCount(): Promise<number> {
  const query = TEST_DB === 'postgres' ? sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'grade'` : sql<{ n: number }>`select count(*) as n from grading_job`;
  return Number((await query.execute(await db())).rows[0]!.n);
}

/** Makes every insert of a late mark fail, as a crash at that moment would. */
async function refuseLateMarks(on: boolean): Promise<void> {
  const database = await db();
  if (TEST_DB === 'postgres') {
    if (on) {
      await sql`create or replace function deltalab_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'late mark refused (test)'; end $$`.execute(database);
      await sql`create trigger refuse_late before insert on late_submission for each row execute function deltalab_test_refuse()`.execute(database);
    } else {
      await sql`drop trigger refuse_late on late_submission`.execute(database);
    }
  } else if (on) {
    await sql`create trigger refuse_late before insert on late_submission begin select raise(abort, 'late mark refused (test)'); end`.execute(database);
  } else {
    await sql`drop trigger refuse_late`.execute(database);
  }
}

describe('late marking', () => {
  it('is written with the submission and its job, or nothing is', async () => {
    const { submit } = await import('../../lib/site/submissions');
    const viewer = await viewerFor(student);
    const jobsBefore = await jobCount();

    await refuseLateMarks(true);
    try {
      await expect(submit(viewer, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'late-refused-1' }, { locale: 'en', waitMs: 0 })).rejects.toThrow(/late mark refused/);
    } finally {
      await refuseLateMarks(false);
    }
    const database = await db();
    expect(await database.selectFrom('submission').select('id').where('idempotency_key', '=', 'late-refused-1').execute()).toEqual([]);
    expect(await jobCount()).toBe(jobsBefore);

    // The same request again, nothing refused: row, late mark and job together.
    const { submission, created } = await submit(viewer, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'late-refused-1' }, { locale: 'en', waitMs: 0 });
    expect(created).toBe(true);
    const mark = await database.selectFrom('late_submission').selectAll().where('submission_id', '=', submission.id).executeTakeFirst();
    expect(mark).toBeDefined();
    expect(Number(mark!.due_at)).toBeLessThan(submission.createdAt);
    expect(await jobCount()).toBe(jobsBefore + 1);

    // A retried key records nothing more: no second mark, no second job.
    const again = await submit(viewer, { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'late-refused-1' }, { locale: 'en', waitMs: 0 });
    expect(again).toMatchObject({ created: false, submission: { id: submission.id } });
    expect(await database.selectFrom('late_submission').select('submission_id').where('submission_id', '=', submission.id).execute()).toHaveLength(1);
    expect(await jobCount()).toBe(jobsBefore + 1);
  });

  it('does not mark a submission made before the due date', async () => {
    const { submit } = await import('../../lib/site/submissions');
    const { setDeadline } = await import('../../lib/staff/deadlines');
    await setDeadline(await viewerOf(await accountWithRole('dates2@example.com', 'staff')), { kind: 'exercise', targetId: 'sigmoid-prime', opensAt: null, dueAt: Date.now() + 3_600_000 });
    const { submission } = await submit(await viewerFor(student), { exerciseId: 'sigmoid-prime', code: solution, idempotencyKey: 'on-time-1' }, { locale: 'en', waitMs: 0 });
    expect(await (await db()).selectFrom('late_submission').select('submission_id').where('submission_id', '=', submission.id).execute()).toEqual([]);
  });
});
