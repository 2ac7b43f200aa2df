import 'server-only';
import { isCourseStaff, type Viewer } from '../auth/roles';
import { AccessError } from '../site/errors';

/**
 * Who may use the course staff's pages, actions and APIs. Every function in lib/staff starts with
 * one of these, whatever route or action calls it: a route guard alone is not enough, since a
 * server action can be posted from any page.
 */
export function requireStaff(viewer: Viewer | null): Viewer {
  if (!viewer) throw new AccessError(401, 'sign in first');
  if (!isCourseStaff(viewer)) throw new AccessError(403, 'only course staff may do this');
  return viewer;
}

/**
 * Staff work in the offering the request acts in (viewer.offering, chosen in the header). Returns
 * its id; refuses when there is none, and writes to an archived offering (read-only) unless
 * `read` is set.
 */
export function requireStaffOffering(viewer: Viewer | null, opts: { read?: boolean } = {}): { who: Viewer; offeringId: string } {
  const who = requireStaff(viewer);
  if (!who.offering) throw new AccessError(404, 'no offering: create one first');
  if (who.offering.archived && !opts.read) throw new AccessError(403, 'this offering is archived and read-only');
  return { who, offeringId: who.offering.id };
}

/** Authoring tools: instructors only (instructors can also do everything staff can). */
export function requireInstructor(viewer: Viewer | null): Viewer {
  const who = requireStaff(viewer);
  if (who.role !== 'instructor') throw new AccessError(403, 'only instructors may do this');
  return who;
}

/** Parses input with a zod schema; a bad field becomes a 400 naming it. */
export function parseInput<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new AccessError(400, parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`).join('; '));
  return parsed.data;
}
