import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Kysely } from 'kysely';
import { openConnection, type Connection } from '../../lib/db/connection';
import { siteMigrator } from '../../lib/db/migrate';
import { TEST_DB, useTempSiteEnv, createScratchDatabase } from './site-helpers';

vi.mock('server-only', () => ({}));

/**
 * A database made before offerings existed (migrations up to 005, filled the way that release
 * wrote its rows) migrates into a first offering with nothing lost: the course keeps its id and
 * join code, its students and staff become members with roles, every course-scoped row names the
 * offering, and dates move to item_window. Runs on SQLite and, under `npm run test:pg`, PostgreSQL.
 */
const env = useTempSiteEnv();
let connection: Connection;
let scratch: { drop(): void } | undefined;
// Frozen rows of an older schema: no current types apply.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: Kysely<any>;

const T = 1_780_000_000_000;
// better-auth's own column types: ISO text and integer booleans on SQLite.
const user = (id: string, role: string) => ({ id, name: id, email: `${id}@example.com`, emailVerified: TEST_DB === 'postgres' ? false : 0, image: null, createdAt: new Date(T).toISOString(), updatedAt: new Date(T).toISOString(), role, locale: null });

beforeAll(async () => {
  if (TEST_DB === 'postgres') {
    const db2 = createScratchDatabase();
    scratch = db2;
    connection = await openConnection({ kind: 'postgres', url: db2.url });
  } else {
    connection = await openConnection({ kind: 'sqlite', path: `${env.dir}/old.sqlite` });
  }
  db = connection.db;
  const to005 = await siteMigrator(db).migrateTo('005_grading_jobs');
  if (to005.error) throw to005.error;

  for (const [id, role] of [['inst', 'instructor'], ['ta', 'staff'], ['amy', 'student'], ['bo', 'student']] as const) await db.insertInto('user').values(user(id, role)).execute();
  await db.insertInto('course').values({ id: 'c1', slug: 'nndl-ch4', title: 'NNDL chapter 4', join_code: 'ABCD-EFGH', created_at: T }).execute();
  for (const u of ['inst', 'amy', 'bo']) await db.insertInto('enrollment').values({ user_id: u, course_id: 'c1', created_at: T }).execute();
  const sub = (id: string, u: string) => ({ id, user_id: u, exercise_id: 'sigmoid-prime', exercise_version: 'v1', mode: 'submit', status: 'passed', score: 1, points: 10, max_points: 10, code: 'x', result_json: null, idempotency_key: id, locale: 'zh', created_at: T, started_at: T, graded_at: T, grade_ms: 5 });
  await db.insertInto('submission').values([sub('s1', 'amy'), sub('s2', 'bo'), sub('s3', 'amy')]).execute();
  await db.insertInto('quiz_attempt').values({ id: 'q1', user_id: 'bo', quiz_id: 'backprop-quiz', quiz_version: 'v', answers_json: '{}', score: 0.5, points: 1, max_points: 2, result_json: '{}', locale: 'en', created_at: T }).execute();
  await db.insertInto('deadline').values([
    { kind: 'section', target_id: '4.1', opens_at: T - 1000, due_at: T + 1000, updated_by: 'inst', updated_at: T },
    { kind: 'exercise', target_id: 'sigmoid-prime', opens_at: null, due_at: T + 5000, updated_by: 'inst', updated_at: T },
  ]).execute();
  await db.insertInto('roster_entry').values([
    { email: 'amy@example.com', name: '张伟', student_number: '2027001', created_at: T },
    { email: 'never@example.com', name: '李娜', student_number: '2027002', created_at: T },
  ]).execute();
  await db.insertInto('score_override').values({ id: 'o1', submission_id: 's2', old_score: 1, new_score: 0.5, reason: 'copied', by_user_id: 'inst', by_name: 'inst', created_at: T }).execute();
  await db.insertInto('late_submission').values({ submission_id: 's3', due_at: T - 1 }).execute();
  await db.insertInto('regrade_run').values({ id: 'r1', exercise_id: 'sigmoid-prime', user_id: null, status: 'done', total: 3, exercise_version: 'v2', created_by: 'inst', created_at: T, finished_at: T }).execute();

  const latest = await siteMigrator(db).migrateToLatest();
  if (latest.error) throw latest.error;
}, 60_000);

afterAll(async () => {
  await connection?.db.destroy();
  scratch?.drop();
  env.cleanup();
});

describe('migrating a one-course database into offerings', () => {
  it('keeps the course as the first offering, with its id and join code, in UTC', async () => {
    const rows = await db.selectFrom('offering').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'c1', slug: 'nndl-ch4', join_code: 'ABCD-EFGH', time_zone: 'UTC', archived_at: null, term: null });
  });

  it('makes students and staff members with roles', async () => {
    const members = await db.selectFrom('offering_member').select(['user_id', 'offering_id', 'role', 'deactivated_at']).orderBy('user_id').execute();
    expect(members).toEqual([
      { user_id: 'amy', offering_id: 'c1', role: 'student', deactivated_at: null },
      { user_id: 'bo', offering_id: 'c1', role: 'student', deactivated_at: null },
      { user_id: 'inst', offering_id: 'c1', role: 'instructor', deactivated_at: null },
      { user_id: 'ta', offering_id: 'c1', role: 'ta', deactivated_at: null },
    ]);
  });

  it('names the offering on every submission, attempt and regrade run, and loses none', async () => {
    expect((await db.selectFrom('submission').select(['id', 'offering_id']).orderBy('id').execute()).map((r: { offering_id: string }) => r.offering_id)).toEqual(['c1', 'c1', 'c1']);
    expect(await db.selectFrom('quiz_attempt').select(['id', 'offering_id']).execute()).toEqual([{ id: 'q1', offering_id: 'c1' }]);
    expect(await db.selectFrom('regrade_run').select(['id', 'offering_id']).execute()).toEqual([{ id: 'r1', offering_id: 'c1' }]);
    expect(await db.selectFrom('score_override').select(['submission_id', 'new_score']).execute()).toEqual([{ submission_id: 's2', new_score: 0.5 }]);
    expect(await db.selectFrom('late_submission').select('submission_id').execute()).toEqual([{ submission_id: 's3' }]);
  });

  it('moves dates into item_window and the roster into the offering', async () => {
    const windows = await db.selectFrom('item_window').select(['offering_id', 'target_kind', 'target_id', 'opens_at', 'due_at', 'close_at']).orderBy('target_kind').execute();
    expect(windows.map((w: Record<string, unknown>) => ({ ...w, opens_at: w.opens_at === null ? null : Number(w.opens_at), due_at: Number(w.due_at) }))).toEqual([
      { offering_id: 'c1', target_kind: 'exercise', target_id: 'sigmoid-prime', opens_at: null, due_at: T + 5000, close_at: null },
      { offering_id: 'c1', target_kind: 'section', target_id: '4.1', opens_at: T - 1000, due_at: T + 1000, close_at: null },
    ]);
    const roster = await db.selectFrom('roster_entry').select(['offering_id', 'email', 'name', 'student_number']).orderBy('email').execute();
    expect(roster).toEqual([
      { offering_id: 'c1', email: 'amy@example.com', name: '张伟', student_number: '2027001' },
      { offering_id: 'c1', email: 'never@example.com', name: '李娜', student_number: '2027002' },
    ]);
  });

  it('lets the site read it: a student acts in the offering and sees its dates', async () => {
    const { resolveOffering } = await import('../../lib/auth/offering');
    const { submissionWindow } = await import('../../lib/db/deadlines');
    expect(await resolveOffering(db, { id: 'amy', role: 'student' }, null)).toEqual({ id: 'c1', role: 'student', archived: false });
    expect(await resolveOffering(db, { id: 'ta', role: 'staff' }, 'someone-elses')).toEqual({ id: 'c1', role: 'ta', archived: false });
    expect(await submissionWindow(db, 'c1', { id: 'sigmoid-prime', section: '4.1' })).toEqual({ opensAt: T - 1000, dueAt: T + 5000 });
  });
});
