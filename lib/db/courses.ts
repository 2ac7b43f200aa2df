import type { Kysely } from 'kysely';
import { newId, newJoinCode } from './ids';
import type { Database } from './schema';

export interface CourseRow {
  id: string;
  slug: string;
  title: string;
  join_code: string;
}

export const DEFAULT_COURSE = { slug: 'nndl-ch4', title: 'NNDL chapter 4' } as const;

/** Join codes are typed by people: compare without case, spaces or dashes. */
export function normalizeJoinCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export async function getDefaultCourse(db: Kysely<Database>): Promise<CourseRow | undefined> {
  return db
    .selectFrom('course')
    .select(['id', 'slug', 'title', 'join_code'])
    .where('slug', '=', DEFAULT_COURSE.slug)
    .executeTakeFirst();
}

/** Creates the course on first start. `created` tells the caller to announce its join code. */
export async function ensureDefaultCourse(
  db: Kysely<Database>,
  joinCode?: string,
): Promise<{ course: CourseRow; created: boolean }> {
  const existing = await getDefaultCourse(db);
  if (existing) return { course: existing, created: false };
  const course = { id: newId(), ...DEFAULT_COURSE, join_code: joinCode?.trim() || newJoinCode(), created_at: Date.now() };
  await db.insertInto('course').values(course).onConflict((oc) => oc.column('slug').doNothing()).execute();
  const stored = await getDefaultCourse(db);
  if (!stored) throw new Error('could not create the course');
  return { course: stored, created: stored.id === course.id };
}

export async function findCourseByJoinCode(db: Kysely<Database>, code: string): Promise<CourseRow | undefined> {
  const wanted = normalizeJoinCode(code);
  if (!wanted) return undefined;
  const courses = await db.selectFrom('course').select(['id', 'slug', 'title', 'join_code']).execute();
  return courses.find((c) => normalizeJoinCode(c.join_code) === wanted);
}

export async function enroll(db: Kysely<Database>, userId: string, courseId: string): Promise<void> {
  await db
    .insertInto('enrollment')
    .values({ user_id: userId, course_id: courseId, created_at: Date.now() })
    .onConflict((oc) => oc.columns(['user_id', 'course_id']).doNothing())
    .execute();
}
