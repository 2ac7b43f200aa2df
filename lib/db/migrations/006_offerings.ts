import { sql, type Kysely } from 'kysely';
import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Offerings: one instance of the course per term and class, each with its own join code, members
 * (students and staff with a role), roster, dates and gradebook. The catalogue of exercises and
 * quizzes stays shared; an offering chooses what counts through assignments.
 *
 * - `course` becomes `offering` and gains a term label, a time zone and an archive date;
 *   `enrollment` becomes `offering_member` with a role and a deactivation date (members removed
 *   from an offering, by staff or by an LMS roster sync, are kept, never deleted).
 * - Every course-scoped row gets `offering_id`, backfilled to the one course of a database made
 *   before offerings existed, so nothing is lost. Staff accounts become its staff.
 * - `deadline` becomes `item_window`: open, due and close dates, late policy and attempt limits per
 *   offering and item (exercise, quiz, section or assignment). `extension` moves one student's
 *   dates; `item_override` sets one student's score for an item regardless of submissions.
 */

const DEFAULT_SLUG = 'nndl-ch4';

// Migrations are frozen in time: they take an untyped Kysely, never the current schema types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('course').renameTo('offering').execute();
  await db.schema.alterTable('offering').addColumn('term', 'text').execute();
  await db.schema.alterTable('offering').addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC')).execute();
  await db.schema.alterTable('offering').addColumn('archived_at', 'bigint').execute();

  await db.schema.alterTable('enrollment').renameTo('offering_member').execute();
  await db.schema.alterTable('offering_member').renameColumn('course_id', 'offering_id').execute();
  await db.schema.alterTable('offering_member').addColumn('role', 'text', (c) => c.notNull().defaultTo('student')).execute();
  await db.schema.alterTable('offering_member').addColumn('deactivated_at', 'bigint').execute();
  await db.schema.createIndex('offering_member_offering_idx').on('offering_member').columns(['offering_id', 'role']).execute();

  // The offering that rows made before offerings belong to: the built-in course, else the oldest
  // course, else (a database with data but no course at all) a new one.
  const existing =
    (await db.selectFrom('offering').select('id').where('slug', '=', DEFAULT_SLUG).executeTakeFirst()) ??
    (await db.selectFrom('offering').select('id').orderBy('created_at', 'asc').executeTakeFirst());
  const hasData = (await db.selectFrom('user').select('id').limit(1).execute()).length > 0;
  let firstId: string | null = existing?.id ?? null;
  if (!firstId && hasData) {
    firstId = randomUUID();
    await db
      .insertInto('offering')
      .values({ id: firstId, slug: DEFAULT_SLUG, title: 'NNDL chapter 4', join_code: randomBytes(5).toString('hex').toUpperCase(), created_at: Date.now() })
      .execute();
  }

  for (const table of ['submission', 'quiz_attempt', 'regrade_run']) {
    await db.schema.alterTable(table).addColumn('offering_id', 'text').execute();
    if (firstId) await db.updateTable(table).set({ offering_id: firstId }).execute();
  }
  await db.schema.createIndex('submission_offering_idx').on('submission').columns(['offering_id', 'user_id', 'exercise_id']).execute();
  await db.schema.createIndex('quiz_attempt_offering_idx').on('quiz_attempt').columns(['offering_id', 'user_id', 'quiz_id']).execute();

  if (firstId) {
    // Staff accounts of the single course become its staff; everyone else who had submitted or
    // enrolled stays (or becomes) a student of it.
    const staff = await db.selectFrom('user').select(['id', 'role']).where('role', 'in', ['instructor', 'staff']).execute();
    for (const u of staff) {
      const role = u.role === 'instructor' ? 'instructor' : 'ta';
      await db
        .insertInto('offering_member')
        .values({ user_id: u.id, offering_id: firstId, created_at: Date.now(), role })
        .onConflict((oc) => oc.columns(['user_id', 'offering_id']).doUpdateSet({ role }))
        .execute();
    }
  }

  // roster_entry: the email was the key of the one course; now (offering, email). Student numbers
  // are kept unique within an offering by the roster import, not by an index, since databases
  // made before may hold duplicates that must survive this migration.
  await db.schema
    .createTable('roster_entry_006')
    .addColumn('offering_id', 'text', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('student_number', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('roster_entry_pk', ['offering_id', 'email'])
    .execute();
  if (firstId) {
    await db
      .insertInto('roster_entry_006')
      .columns(['offering_id', 'email', 'name', 'student_number', 'created_at'])
      .expression(db.selectFrom('roster_entry').select([sql.lit(firstId).as('offering_id'), 'email', 'name', 'student_number', 'created_at']))
      .execute();
  }
  await db.schema.dropTable('roster_entry').execute();
  await db.schema.alterTable('roster_entry_006').renameTo('roster_entry').execute();

  await db.schema
    .createTable('item_window')
    .addColumn('offering_id', 'text', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    // 'exercise' | 'quiz' | 'section' | 'assignment'
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'bigint')
    .addColumn('due_at', 'bigint')
    .addColumn('close_at', 'bigint')
    // JSON: {"kind":"none"} | {"kind":"per-day","percent":10} | {"kind":"factor","factor":0.5}; null inherits.
    .addColumn('late_policy', 'text')
    .addColumn('max_attempts', 'integer')
    // 'best' | 'last'; null inherits (best).
    .addColumn('counts', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_window_pk', ['offering_id', 'target_kind', 'target_id'])
    .execute();
  if (firstId) {
    await db
      .insertInto('item_window')
      .columns(['offering_id', 'target_kind', 'target_id', 'opens_at', 'due_at', 'updated_by', 'updated_at'])
      .expression(db.selectFrom('deadline').select([sql.lit(firstId).as('offering_id'), 'kind', 'target_id', 'opens_at', 'due_at', 'updated_by', 'updated_at']))
      .execute();
  }
  await db.schema.dropTable('deadline').execute();

  await db.schema
    .createTable('assignment')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('offering_id', 'text', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assignment_offering_idx').on('assignment').columns(['offering_id', 'position']).execute();

  await db.schema
    .createTable('assignment_item')
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('assignment.id').onDelete('cascade'))
    // 'exercise' | 'quiz'
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('assignment_item_pk', ['assignment_id', 'item_kind', 'item_id'])
    .execute();

  await db.schema
    .createTable('extension')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('offering_id', 'text', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('close_at', 'bigint')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('extension_lookup_idx').on('extension').columns(['offering_id', 'user_id', 'target_kind', 'target_id']).execute();

  // Append-only like score_override: the newest row for (offering, user, item) decides; a row with
  // a null score removes the override.
  await db.schema
    .createTable('item_override')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('offering_id', 'text', (c) => c.notNull().references('offering.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
    .addColumn('item_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('by_user_id', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_override_lookup_idx').on('item_override').columns(['offering_id', 'user_id', 'item_kind', 'item_id', 'created_at']).execute();
}

// One-way: the renames and the re-keyed roster are not undone.
